/**
 * The provisioning-log record cloudsync reads (and the emulator and test-user write),
 * provisioningObjectSummary, checked at compile time against @microsoft/microsoft-graph-types
 * (generated from Graph's CSDL): a field Graph does not define, or a value that does not fit,
 * fails to compile. Microsoft's documented examples are replayed in
 * test/unit/graph-docs-replay.test.ts.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import type { ConformsTo, KeysOf } from '../../directory/entra/synchronization-types.js';
import type { ProvisionedIdentity, ProvisioningObjectSummary, ProvisioningStep } from '../../sync/explain/provisioning-summary.js';

type Expect<T extends true> = T;
type Info = ProvisioningObjectSummary['provisioningStatusInfo'];
type ErrorInfo = NonNullable<Info['errorInformation']>;

/**
 * errorCategory and initiatorType are typed string here, enums in Graph
 * (provisioningStatusErrorCategory: failure, nonServiceFailure, success; initiatorType: user,
 * application, system): their names are checked here, their values by
 * test/unit/graph-docs-replay.test.ts.
 */
export type ProvisioningLogShapeChecks = [
  Expect<KeysOf<ProvisioningObjectSummary, Graph.ProvisioningObjectSummary>>,
  Expect<ConformsTo<Omit<ProvisioningObjectSummary, 'provisioningStatusInfo' | 'initiatedBy'>, Graph.ProvisioningObjectSummary>>,
  Expect<ConformsTo<ProvisioningStep, Graph.ProvisioningStep>>,
  Expect<ConformsTo<ProvisionedIdentity, Graph.ProvisionedIdentity>>,
  Expect<ConformsTo<Omit<Info, 'errorInformation'>, Graph.ProvisioningStatusInfo>>,
  Expect<KeysOf<ErrorInfo, Graph.ProvisioningErrorInfo>>,
  Expect<ConformsTo<Omit<ErrorInfo, 'errorCategory'>, Graph.ProvisioningErrorInfo>>,
  Expect<ConformsTo<ProvisioningObjectSummary['sourceSystem'], Graph.ProvisioningSystem>>,
  Expect<ConformsTo<ProvisioningObjectSummary['servicePrincipal'], Graph.ProvisioningServicePrincipal>>,
  Expect<KeysOf<ProvisioningObjectSummary['initiatedBy'], Graph.Initiator>>,
  Expect<ConformsTo<ProvisioningObjectSummary['modifiedProperties'][number], Graph.ModifiedProperty>>,
];
