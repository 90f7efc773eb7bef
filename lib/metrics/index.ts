export { metrics, type Metrics } from "./registry";
export { withMetrics } from "./with-metrics";
export { operationNameLabel } from "./operation-name";
