/** Public API of the Open vSwitch / Mininet lab (see mininet/README.md). */
export { Lab, LabUnavailableError, startLab, dpidFromHex, DEFAULT_CONTROLLER, type LabOptions } from './lab';
export { type ControllerAddress } from './forwarder';
export { LabToolError } from './exec';
export { labPrerequisiteProblems, isRoot } from './prereq';
export { parseTopologySpec, MAX_LAB_SWITCHES, type TopologySpec } from './topology-spec';
export { runLabCli, parseLabCliArgs, parseControllerAddress, LAB_USAGE, type LabCliIo } from './run-cli';
export {
  LabCommandError,
  type LabCommand,
  type LabCommandName,
  type EdgeHostInfo,
  type EdgeHostSpec,
  type EdgeInfo,
  type LabHostInfo,
  type LabLinkInfo,
  type LabNetwork,
  type LabReplyFor,
  type LabSwitchInfo,
  type LinkState,
  type ProcessResult,
} from './protocol';
