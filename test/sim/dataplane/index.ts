/**
 * The fake dataplane (house style B9 layer 3): OpenFlow 1.3 flow and group tables that take
 * FLOW_MODs, GROUP_MODs and FlowSpecs, and answer "where does this frame go, with which tags?".
 */
export { FakeSwitch, type FakeSwitchOptions, type FlowEntry, type FlowMod, type GroupEntry, type GroupMod } from './fake-switch';
export { FakeNetwork, deliveriesText, type Delivery, type Hop, type NetworkTrace, type PortRef } from './fake-network';
export { trace, outputsText, type Hit, type Output, type SwitchTrace } from './trace';
export { frame, vids, TPID, ETH_TYPE_LOCAL_EXPERIMENTAL, type FrameInit, type Headers, type Ipv4Header, type L4Ports, type Packet, type VlanTag } from './packet';
export { assertApplied, wireError, type ApplyResult, type OfError, type OfErrorType } from './errors';
export { flowText, groupText } from './format';
export * as build from './build';
