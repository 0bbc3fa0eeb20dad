/**
 * healthctl/sample: report a Node service's component states and serve them on
 * Pomerium-compatible health endpoints (`/status`, `/startupz`, `/readyz`, `/healthz`).
 * Node built-ins only. See docs/sample.md.
 * @packageDocumentation
 */
export {
  COMPONENT_STATUSES,
  HealthReporter,
  isComponentStatus,
  type ComponentReport,
  type ComponentState,
  type ComponentStatus,
  type HealthChange,
  type HealthReporterOptions,
  type HealthSnapshot,
} from './reporter.js';
export { serveHealth, type HealthServer, type ServeHealthOptions } from './server.js';
export {
  FLAP_ERROR,
  SCENARIO_OPTIONAL,
  SCENARIO_REQUIRED,
  startScenario,
  type Scenario,
  type ScenarioOptions,
} from './scenario.js';
export { runSampleService, type SampleServiceOptions } from './serve-main.js';
