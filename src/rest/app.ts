/**
 * The REST application: Kytos-ng compatible routes under /api/kytos. `buildApp` only builds the
 * express app; listening is the composition root's business (src/app.ts).
 */
import express, { type Express } from 'express';
import { coreRoutes } from './routes/core';
import { topologyRoutes, type TopologyApi } from './routes/topology';
import { ofLldpRoutes, type LldpControl, type LldpRouteDeps } from './routes/of-lldp';
import { flowManagerRoutes, type FlowManagerApi } from './routes/flow-manager';
import { multiTableRoutes, type MultiTableApi } from './routes/multi-table';
import { pathfinderRoutes, type PathfinderApi } from './routes/pathfinder';
import { mefElineRoutes, type EvcApi } from './routes/mef-eline';
import { errorMiddleware, notFound, type RestLogger } from './errors';
import { jsonBody, type JsonBodyOptions } from './json-body';

export interface RestDeps {
  readonly log: RestLogger;
  readonly topology: TopologyApi & LldpRouteDeps['topology'];
  readonly lldp: LldpControl;
  /** The clock's now() (epoch ms), passed to every state change. */
  readonly now: () => number;
  /** flow_manager v2; its routes are served only when given. */
  readonly flowManager?: FlowManagerApi;
  /** of_multi_table v1; its routes are served only when given. */
  readonly multiTable?: MultiTableApi;
  /** pathfinder v3; its route is served only when given. */
  readonly pathfinder?: PathfinderApi;
  /** mef_eline v2 (circuits); its routes are served only when given. */
  readonly evcs?: EvcApi;
  /** Body size and nesting limits of the JSON body parser. */
  readonly jsonBody?: JsonBodyOptions;
}

/** Builds the express app over the given services; it does not listen (the composition root does). */
export function buildApp(deps: RestDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('json replacer', (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  // Our own RFC 8259 parser: 64-bit integers (cookies) arrive exact, as bigint (./json-body.ts).
  app.use(jsonBody(deps.jsonBody));
  app.use('/api/kytos/core', coreRoutes());
  app.use('/api/kytos/topology/v3', topologyRoutes(deps));
  app.use('/api/kytos/of_lldp/v1', ofLldpRoutes(deps));
  if (deps.flowManager !== undefined) app.use('/api/kytos/flow_manager/v2', flowManagerRoutes({ flowManager: deps.flowManager }));
  if (deps.multiTable !== undefined) app.use('/api/kytos/of_multi_table/v1', multiTableRoutes({ multiTable: deps.multiTable }));
  if (deps.pathfinder !== undefined) app.use('/api/kytos/pathfinder/v3', pathfinderRoutes({ pathfinder: deps.pathfinder }));
  if (deps.evcs !== undefined) app.use('/api/kytos/mef_eline/v2', mefElineRoutes({ evcs: deps.evcs, topology: deps.topology }));
  app.use(notFound);
  app.use(errorMiddleware(deps.log));
  return app;
}
