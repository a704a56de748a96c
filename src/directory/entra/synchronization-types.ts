/**
 * Graph's shapes for the synchronization API (cloud sync jobs, provisionOnDemand), the
 * provisioning agents and the provisioning logs, as the beta endpoint returns them. The
 * emulator serves these and the client reads them, so both sides share one definition.
 */

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

export interface KeyValuePair {
  name: string;
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
  metadata: KeyValuePair[];
}

export interface SynchronizationRule {
  id: string;
  name: string;
  editable: boolean;
  sourceDirectoryName: string;
  targetDirectoryName: string;
  objectMappings: ObjectMapping[];
  metadata: KeyValuePair[];
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

/** What the value string holds. */
export interface ProvisionOnDemandValue {
  provisioningSteps: Array<{ name: string; type: string; status: string; description: string; timestamp: string; details: Record<string, string> }>;
  modifiedProperties: Array<{ displayName: string; oldValue: string | null; newValue: string | null }>;
  action: string;
  changeId: string;
  startTime: string;
  endTime: string;
  reportableIdentifier: string;
  sourceIdentity: { id: string; type: string };
  targetIdentity: { id: string; type: string };
  sourceSystem: string;
  targetSystem: string;
  statusInfo: { status: string; errorInformation?: { errorCode: string; reason: string; additionalDetails?: string; recommendedAction?: string } | null };
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
  status: 'active' | 'inactive';
  supportedPublishingTypes: string[];
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
