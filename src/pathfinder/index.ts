/** The pathfinder module's public API: k-shortest and disjoint paths over the usable topology. */
export { PathGraph, linkWeight, type PathGraphInput, type SpfAttribute } from './graph';
export { findPaths, findDisjointPath, type FoundPath, type Metrics, type PathRequest } from './paths';
export { PathConstraintError, type MetricName } from './constraints';
export { DISJOINT_CANDIDATES } from './disjoint';
export { PathService, PATH_GRAPH_EVENTS, usableTopology, type TopologyViews } from './service';
