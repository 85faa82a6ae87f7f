// The reference definitions of every metric: pure functions over in-memory records, the specification
// the SQL in lib/metrics/sql is held equal to (tests/integration/metrics).
import type { MetricValues, Period, Scope } from '@/lib/metrics/types';
import type { Dataset } from '@/lib/metrics/reference/dataset';
import { linkDataset, type LinkedDataset } from '@/lib/metrics/reference/links';
import { scopedView } from '@/lib/metrics/reference/view';
import {
  changeFailureRate, deploymentFrequency, failedDeploymentRecovery, leadTime, reworkRate, securityChangeFailureRate, timeToRestore,
} from '@/lib/metrics/reference/dora';
import { netResolveRate, openBacklog, secretExposureTime, slaCompliance, timeToRemediate } from '@/lib/metrics/reference/security';

export type { Dataset } from '@/lib/metrics/reference/dataset';
export { linkDataset, type LinkedDataset } from '@/lib/metrics/reference/links';

/** Every metric for one scope and one period. Link once with linkDataset to compute many scopes. */
export function referenceMetrics(dataset: Dataset | LinkedDataset, scope: Scope, period: Period): MetricValues {
  const linked = 'linked' in dataset ? dataset : linkDataset(dataset);
  const view = scopedView(linked, scope, period);
  return {
    deploymentFrequency: deploymentFrequency(view),
    leadTime: leadTime(view),
    changeFailureRate: changeFailureRate(view),
    failedDeploymentRecovery: failedDeploymentRecovery(view),
    timeToRestore: timeToRestore(view),
    reworkRate: reworkRate(view),
    timeToRemediate: timeToRemediate(view),
    openBacklog: openBacklog(view),
    slaCompliance: slaCompliance(view),
    netResolveRate: netResolveRate(view),
    secretExposureTime: secretExposureTime(view),
    securityChangeFailureRate: securityChangeFailureRate(view),
  };
}
