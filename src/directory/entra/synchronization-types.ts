/**
 * Graph's shapes for the synchronization API (cloud sync jobs, provisionOnDemand), the
 * provisioning agents and the provisioning logs, as the beta endpoint returns them. The
 * emulator serves these and the client reads them, so both sides share one definition.
 */

import type * as Graph from '@microsoft/microsoft-graph-types';

/** The application template of Microsoft's cloud sync (AD to Entra ID provisioning agent). */
export const CLOUD_SYNC_TEMPLATE_ID = '1a4721b3-e57f-4451-ae87-ef078703ec94';

export type SynchronizationTemplateId = 'AD2AADProvisioning' | 'AD2AADPasswordHash' | 'AAD2ADExchangeHybridWriteback' | 'AAD2ADGroupProvisioning' | (string & {});

export interface CloudSyncServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  applicationTemplateId: string | null;
  /** The configuration's name in the portal is the AD domain it serves. */
  tags?: string[];
}

export interface SynchronizationSchedule {
  /** ISO 8601 date-time or null. */
  expiration: string | null;
  /** ISO 8601 duration, e.g. "PT2M". */
  interval: string;
  state: 'Active' | 'Disabled' | 'Paused';
}

export interface SynchronizationError {
  code: string;
  message: string;
  tenantActionable: boolean;
}

export interface SynchronizationTaskExecution {
  activityIdentifier: string;
  countEntitled: number;
  countEntitledForProvisioning: number;
  countEscrowed: number;
  countEscrowedRaw: number;
  countExported: number;
  countExports: number;
  countImported: number;
  countImportedDeltas: number;
  countImportedReferenceDeltas: number;
  error: SynchronizationError | null;
  state: 'Succeeded' | 'Failed' | 'EntryLevelErrors';
  timeBegan: string;
  timeEnded: string;
}

export type QuarantineReason =
  | 'EncounteredBaseEscrowThreshold'
  | 'EncounteredTotalEscrowThreshold'
  | 'EncounteredEscrowProportionThreshold'
  | 'EncounteredQuarantineException'
  | 'Unknown'
  | 'QuarantinedOnDemand'
  | 'TooManyDeletes'
  | 'IngestionInterrupted';

export interface SynchronizationQuarantine {
  currentBegan: string;
  nextAttempt: string;
  reason: QuarantineReason;
  seriesBegan: string;
  seriesCount: number;
  error: SynchronizationError | null;
}

export interface SynchronizationProgress {
  completedUnits: number;
  totalUnits: number;
  units: string;
  progressObservationDateTime: string;
}

export interface SynchronizationStatus {
  code: 'NotConfigured' | 'NotRun' | 'Active' | 'Paused' | 'Quarantine';
  countSuccessiveCompleteFailures: number;
  escrowsPruned: boolean;
  lastExecution: SynchronizationTaskExecution | null;
  lastSuccessfulExecution: SynchronizationTaskExecution | null;
  lastSuccessfulExecutionWithExports: SynchronizationTaskExecution | null;
  progress: SynchronizationProgress[];
  quarantine: SynchronizationQuarantine | null;
  steadyStateFirstAchievedTime: string;
  steadyStateLastAchievedTime: string;
  synchronizedEntryCountByType: Array<{ key: string; value: number }>;
  troubleshootingUrl: string | null;
}

/** keyValuePair (synchronizationJobSettings): `{name, value}`. */
export interface KeyValuePair {
  name: string;
  value: string;
}

/** stringKeyStringValuePair / objectMappingMetadataEntry (rule and object mapping metadata): `{key, value}`. */
export interface MetadataEntry {
  key: string;
  value: string;
}

export interface SynchronizationJob {
  /** "AD2AADProvisioning.<32 hex>.<guid>" */
  id: string;
  templateId: SynchronizationTemplateId;
  schedule: SynchronizationSchedule;
  status: SynchronizationStatus;
  /** synchronizationJobSettings: e.g. DeleteThresholdEnabled, DeleteThresholdValue, QuarantineTooManyDeletesThreshold, Domain. */
  synchronizationJobSettings: KeyValuePair[];
}

/** resetScope values of POST …/jobs/{id}/restart (comma-separated in criteria.resetScope). */
export type ResetScope = 'Escrows' | 'Watermark' | 'QuarantineState' | 'Full' | 'ForceDeletes';

export interface RestartRequest {
  criteria?: { resetScope?: string };
}

// ---- schema ---------------------------------------------------------------------------------

export interface FilterOperand {
  values: string[];
}

export interface FilterClause {
  /** e.g. EQUALS, NOT_EQUALS, IS_MEMBER_OF, IS_TRUE, IS_FALSE, IS_NULL, IS_NOT_NULL, REGEX_MATCH, DN_IN_OU (cloud sync's OU scoping), Greater_Than … */
  operatorName: string;
  sourceOperandName: string;
  targetOperand: FilterOperand | null;
}

export interface FilterGroup {
  name: string;
  clauses: FilterClause[];
}

export interface Filter {
  /** Groups are ORed; clauses in a group are ANDed. */
  inputFilterGroups: FilterGroup[];
  categoryFilterGroups: FilterGroup[];
  groups: FilterGroup[];
}

export interface AttributeMappingSource {
  expression: string | null;
  name: string | null;
  type: 'Attribute' | 'Constant' | 'Function';
  parameters: Array<{ key: string; value: AttributeMappingSource }>;
}

export interface AttributeMapping {
  targetAttributeName: string;
  source: AttributeMappingSource | null;
  defaultValue: string | null;
  exportMissingReferences: boolean;
  flowBehavior: 'FlowWhenChanged' | 'FlowAlways';
  flowType: 'Always' | 'ObjectAddOnly' | 'MultiValueAddOnly' | 'ValueAddOnly' | 'AttributeAddOnly';
  matchingPriority: number;
}

export interface ObjectMapping {
  name: string;
  enabled: boolean;
  flowTypes: string;
  sourceObjectName: string;
  targetObjectName: string;
  scope: Filter | null;
  attributeMappings: AttributeMapping[];
  metadata: MetadataEntry[];
}

export interface SynchronizationRule {
  id: string;
  name: string;
  editable: boolean;
  sourceDirectoryName: string;
  targetDirectoryName: string;
  objectMappings: ObjectMapping[];
  metadata: MetadataEntry[];
}

export interface DirectoryDefinition {
  id: string;
  name: string;
  discoverabilities?: string;
  objects: Array<{ name: string; attributes: Array<{ name: string; type: string; multivalued?: boolean; anchor?: boolean }> }>;
}

export interface SynchronizationSchema {
  id?: string;
  version: string;
  synchronizationRules: SynchronizationRule[];
  directories: DirectoryDefinition[];
}

// ---- provisionOnDemand --------------------------------------------------------------------

export interface ProvisionOnDemandSubject {
  /** The AD object's distinguished name. */
  objectId: string;
  /** "user" or "group" (lower case, as the docs show for AD to Entra ID). */
  objectTypeName: string;
  links?: { members: Array<{ objectId: string; objectTypeName: string }> };
}

export interface ProvisionOnDemandRequest {
  parameters: Array<{ ruleId: string; subjects: ProvisionOnDemandSubject[] }>;
}

/** The answer: key and value are JSON documents inside strings (parse each once more). */
export interface StringKeyStringValuePair {
  key: string;
  value: string;
}

/** What the key string holds. */
export interface ProvisionOnDemandKey {
  result: 'Success' | 'Skipped' | 'Failure' | (string & {});
  details: Record<string, unknown>;
}

/**
 * A system or identity named in the value (provisioningSystem / provisionedIdentity): objects,
 * e.g. `{"id":null,"name":"Azure Active Directory","details":null}` (synchronization-
 * synchronizationjob-provisionondemand.md, examples 1 and 2; fields may be absent).
 */
export interface ProvisionOnDemandSystem {
  id?: string | null;
  name?: string | null;
  details?: Record<string, string> | null;
}

export interface ProvisionOnDemandIdentity {
  id?: string | null;
  type?: string | null;
  displayName?: string | null;
  details?: Record<string, string> | null;
}

/**
 * The value's statusInfo is flat: status and the error's fields side by side (not the
 * provisioning logs' `provisioningStatusInfo.errorInformation`).
 */
export interface ProvisionOnDemandStatusInfo {
  status: string;
  errorCode?: string | null;
  reason?: string | null;
  additionalDetails?: string | null;
  errorCategory?: string | null;
  recommendedAction?: string | null;
}

export interface ProvisionOnDemandStep {
  name: string;
  type: string;
  status: string;
  description: string;
  timestamp: string;
  details: Record<string, string>;
}

/** What the value string holds. Example 3 of the page answers `"value": "{}"`: every field may be absent. */
export interface ProvisionOnDemandValue {
  provisioningSteps: ProvisionOnDemandStep[];
  /** oldValue is absent when there was none (example 2). */
  modifiedProperties: Array<{ displayName: string; oldValue?: string | null; newValue?: string | null }>;
  action: string;
  changeId: string;
  startTime: string;
  endTime: string;
  reportableIdentifier: string;
  sourceIdentity: ProvisionOnDemandIdentity;
  targetIdentity: ProvisionOnDemandIdentity;
  sourceSystem: ProvisionOnDemandSystem;
  targetSystem: ProvisionOnDemandSystem;
  statusInfo: ProvisionOnDemandStatusInfo;
}

// ---- agents -------------------------------------------------------------------------------

export interface OnPremisesAgentGroupRef {
  id: string;
  displayName: string;
  isDefault?: boolean;
  publishingType?: string;
}

export interface OnPremisesAgent {
  id: string;
  machineName: string;
  externalIp: string;
  /** "active"/"inactive" as the portal's calls answer; onpremisesagent-list.md shows "Active": compare without case. */
  status: 'active' | 'inactive' | (string & {});
  /** Absent from the documented example (onpremisesagent-list.md). */
  supportedPublishingTypes?: string[];
  agentGroups?: OnPremisesAgentGroupRef[];
}

export interface PublishedResource {
  id: string;
  displayName: string;
  publishingType: string;
  /** The AD domain the configuration serves. */
  resourceName: string;
}

export interface OnPremisesAgentGroup extends OnPremisesAgentGroupRef {
  agents?: OnPremisesAgent[];
  publishedResources?: PublishedResource[];
}

// ---- checked against Graph's own types --------------------------------------------------------

/**
 * true when every field of T is one Graph's U has (no field Graph does not define) and T's
 * values fit U's: a shape that drifts from @microsoft/microsoft-graph-types (generated from
 * Graph's CSDL) fails to compile below. Graph's v1.0 types have no onPremisesAgent (beta only):
 * the agents are checked against Microsoft's documented example in
 * test/unit/graph-docs-replay.test.ts.
 */
export type ConformsTo<T, U> = T extends U ? ([Exclude<keyof T, keyof U>] extends [never] ? true : false) : false;
/** Only the field names (where Graph's generated type is narrower than what Graph sends). */
export type KeysOf<T, U> = [Exclude<keyof T, keyof U>] extends [never] ? true : false;
type Expect<T extends true> = T;

/**
 * flowTypes is a flags enum Graph sends as "Add, Update, Delete"; the generated type allows one
 * value only. Metadata keys are enums there (ObjectMappingMetadata); Graph sends strings.
 */
type MappingChecked = Omit<ObjectMapping, 'flowTypes' | 'metadata' | 'scope' | 'attributeMappings'>;

export type GraphShapeChecks = [
  Expect<ConformsTo<SynchronizationJob, Graph.SynchronizationJob>>,
  Expect<ConformsTo<SynchronizationSchedule, Graph.SynchronizationSchedule>>,
  Expect<ConformsTo<SynchronizationStatus, Graph.SynchronizationStatus>>,
  Expect<ConformsTo<SynchronizationTaskExecution, Graph.SynchronizationTaskExecution>>,
  Expect<ConformsTo<SynchronizationQuarantine, Graph.SynchronizationQuarantine>>,
  Expect<ConformsTo<SynchronizationProgress, Graph.SynchronizationProgress>>,
  Expect<ConformsTo<SynchronizationError, Graph.SynchronizationError>>,
  Expect<ConformsTo<KeyValuePair, Graph.KeyValuePair>>,
  Expect<ConformsTo<MetadataEntry, Graph.StringKeyStringValuePair>>,
  Expect<KeysOf<MetadataEntry, Graph.ObjectMappingMetadataEntry>>,
  Expect<ConformsTo<Omit<SynchronizationRule, 'objectMappings'>, Graph.SynchronizationRule>>,
  Expect<KeysOf<ObjectMapping, Graph.ObjectMapping>>,
  Expect<ConformsTo<MappingChecked, Graph.ObjectMapping>>,
  Expect<ConformsTo<AttributeMapping, Graph.AttributeMapping>>,
  Expect<ConformsTo<AttributeMappingSource, Graph.AttributeMappingSource>>,
  Expect<ConformsTo<Filter, Graph.Filter>>,
  Expect<ConformsTo<FilterGroup, Graph.FilterGroup>>,
  Expect<ConformsTo<FilterClause, Graph.FilterClause>>,
  Expect<ConformsTo<Omit<SynchronizationSchema, 'synchronizationRules' | 'directories'>, Graph.SynchronizationSchema>>,
  // discoverabilities and attribute types are enums there (flags sent as "A, B"): names only.
  Expect<KeysOf<DirectoryDefinition, Graph.DirectoryDefinition>>,
  Expect<KeysOf<DirectoryDefinition['objects'][number], Graph.ObjectDefinition>>,
  Expect<KeysOf<DirectoryDefinition['objects'][number]['attributes'][number], Graph.AttributeDefinition>>,
  Expect<KeysOf<SynchronizationSchema, Graph.SynchronizationSchema>>,
  Expect<ConformsTo<StringKeyStringValuePair, Graph.StringKeyStringValuePair>>,
  Expect<ConformsTo<CloudSyncServicePrincipal, Graph.ServicePrincipal>>,
  Expect<ConformsTo<ProvisionOnDemandRequest['parameters'][number], Graph.SynchronizationJobApplicationParameters>>,
];
