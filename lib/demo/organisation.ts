// The fictitious organisation behind the demo: Medisphere Health, a healthcare software company. Each team
// carries a delivery profile chosen so that, measured by METRICS.md, it lands in a known DORA band and
// tells a story on the trend charts (one elite team, one low team, two improving, one getting worse).

export const DEMO_OWNER = 'medisphere';

/** A value that moves from `start` to `end` across the demo period (see DeliveryProfile.transition). */
export type Trend = readonly [start: number, end: number];

export type Language = 'typescript' | 'java' | 'kotlin' | 'python' | 'go' | 'swift' | 'terraform';

/** How a repository's deployments name the pull requests they ship. */
export type ChangeLinking = 'ids' | 'shas' | 'fallback';

export interface RepositorySpec {
  name: string;
  language: Language;
  /** Share of the team's deployments and pull requests. */
  weight: number;
  /** `ids`/`shas`: deployments list their changes explicitly; `fallback`: the merge-time rule applies. */
  linking: ChangeLinking;
  /** Pre-production environment deployed before production; null when there is none. */
  preProduction: string | null;
  /** Environment name of production (both match the default production rule). */
  production?: 'production' | 'prod';
  defaultBranch?: string;
  archived?: boolean;
  /** Last day (counted from the start of the demo period) with activity, for retired repositories. */
  activeUntilDay?: number;
  /** Code scanning (GitHub Advanced Security) is off: the collector records a state instead of alerts. */
  codeScanningDisabled?: boolean;
  /** Pull requests only, never deployed (a sandbox): its changes stay unshipped. */
  neverDeployed?: boolean;
  /** First pull request number in the period: older repositories have a longer history. */
  firstNumber: number;
}

export interface DeliveryProfile {
  /** flow: deploy on merge, any working day; train: scheduled releases of every repository at once. */
  cadence: 'flow' | 'train';
  /** flow: chance that a weekday is a deploy day for the team. */
  deployDayChance: Trend;
  /** flow: mean deployments on a deploy day (at least one). */
  deploysPerDeployDay: Trend;
  weekendDeployChance: number;
  /** train: days between releases, and the UTC weekday (0 Sunday) and hour of the release window. */
  releaseEveryDays: Trend;
  releaseWeekday: number;
  releaseHourUtc: number;
  /** Medians, in hours, of the lead-time stages: first commit → opened → merged → deployed. */
  codingHours: Trend;
  reviewHours: Trend;
  /** flow only; in a train a merged change waits for the next release. */
  deployWaitHours: Trend;
  changesPerDeploy: Trend;
  /** Share of production deployments that fail (rollback or incident). */
  failureRate: Trend;
  /** Median time from a failed deployment to recovery, in hours. */
  recoveryHours: Trend;
  /** Share of failures recovered by a rollback deployment rather than a fix forward. */
  rollbackShare: number;
  /** Share of production deployments preceded by a failed attempt (not counted). */
  failedAttemptRate: number;
  /** Fraction of the period over which trends move: [start, end] in 0..1, linear in between. */
  transition: readonly [number, number];
}

export interface SecurityProfile {
  /** Code-scanning alerts per repository per 30 days. */
  codeScanningPerMonth: number;
  /** Chance that a repository of a matching ecosystem is hit by an org-wide Dependabot advisory. */
  dependabotExposure: number;
  /** Leaked secrets per repository over the whole period. */
  secretsPerPeriod: number;
  /** Multiplies the baseline remediation times (critical 4 d, high 14 d, medium 40 d, low 75 d). */
  remediationFactor: number;
  /** Chance that a finding is worked on at all (the rest stay open unless dismissed). */
  fixShare: number;
}

export interface TeamSpec {
  slug: string;
  name: string;
  parent: string | null;
  /** The band story this team is built to tell, for docs and the seed summary. */
  intended: string;
  /** Jira project key used in pull request titles, when the team uses one. */
  jiraKey?: string;
  repositories: RepositorySpec[];
  delivery?: DeliveryProfile;
  security?: SecurityProfile;
  vocabulary?: TeamVocabulary;
}

export interface TeamVocabulary {
  /** Noun phrases for feature work, used after "Add", "Support", … */
  features: string[];
  /** Noun phrases for defects, used after "Fix", "Handle", … */
  defects: string[];
  /** Symptoms for incidents and hotfixes, in the words of an on-call engineer. */
  symptoms: string[];
  /** Security incidents that could plausibly happen to this team. */
  securityIncidents: string[];
  /** Outages no deployment of ours caused: vendors, partners, infrastructure. */
  outages: string[];
  /** Labels for the domain area of a pull request. */
  areas: string[];
}

const steady = (value: number): Trend => [value, value];

const repo = (name: string, language: Language, weight: number, linking: ChangeLinking, firstNumber: number,
  extra: Partial<RepositorySpec> = {}): RepositorySpec => ({
  name, language, weight, linking, firstNumber, preProduction: 'staging', ...extra,
});

const flowDefaults: Omit<DeliveryProfile, 'deployDayChance' | 'deploysPerDeployDay' | 'codingHours' | 'reviewHours'
  | 'deployWaitHours' | 'changesPerDeploy' | 'failureRate' | 'recoveryHours'> = {
  cadence: 'flow',
  weekendDeployChance: 0.02,
  releaseEveryDays: steady(0),
  releaseWeekday: 0,
  releaseHourUtc: 0,
  rollbackShare: 0.5,
  failedAttemptRate: 0.06,
  transition: [0, 1],
};

export const TEAMS: TeamSpec[] = [
  // ------------------------------------------------------------------------------------------ Clinical
  { slug: 'clinical', name: 'Clinical', parent: null, intended: 'group: EHR Integrations, Lab Results, ePrescribing', repositories: [] },
  {
    slug: 'ehr-integrations',
    name: 'EHR Integrations',
    parent: 'clinical',
    jiraKey: 'EHR',
    intended: 'improving: medium → high on every key after moving to continuous delivery mid-period',
    repositories: [
      repo('ehr-gateway', 'java', 3, 'ids', 1840),
      repo('hl7-interface-engine', 'java', 3, 'fallback', 2960, { defaultBranch: 'master' }),
      repo('fhir-adapter', 'typescript', 2, 'shas', 610),
      repo('epic-connector', 'java', 1.5, 'fallback', 420),
      repo('cerner-bridge', 'java', 1, 'fallback', 305),
    ],
    delivery: {
      ...flowDefaults,
      deployDayChance: [0.05, 0.55],
      deploysPerDeployDay: [1, 1.4],
      codingHours: [70, 20],
      reviewHours: [60, 12],
      deployWaitHours: [200, 14],
      changesPerDeploy: [4, 1.6],
      failureRate: [0.24, 0.08],
      recoveryHours: [50, 5],
      rollbackShare: 0.35,
      transition: [0.35, 0.8],
    },
    security: { codeScanningPerMonth: 1.2, dependabotExposure: 0.45, secretsPerPeriod: 0.5, remediationFactor: 1.3, fixShare: 0.8 },
    vocabulary: {
      features: ['ADT^A08 update handling for merged MRNs', 'FHIR Patient $match endpoint', 'HL7 ORU^R01 acknowledgement tracking',
        'retry queue for Epic outbound messages', 'Cerner encounter sync', 'CCD document ingestion', 'site-level interface routing',
        'MLLP connection pooling', 'FHIR R4 Encounter mapping', 'allergy intolerance reconciliation', 'dead-letter replay tool',
        'per-site message throughput metrics'],
      defects: ['PID-3 parsing when the assigning authority is missing', 'duplicate ADT^A04 registrations', 'timezone offset in OBR-7',
        'MLLP reconnect loop after interface engine restart', 'FHIR paging token expiry', 'encounter status mapping for discharged patients',
        'NK1 segment truncation', 'ACK timeout under load'],
      symptoms: ['ADT feed from St. Mary\'s backing up', 'HL7 messages rejected with AR acknowledgements',
        'Duplicate patient registrations created in Epic', 'FHIR API returning 504 for Patient search',
        'Interface engine queue depth above 50k', 'Encounters missing discharge times'],
      securityIncidents: ['PHI written to interface engine debug logs', 'HL7 listener reachable from the guest Wi-Fi VLAN'],
      outages: ['Partner VPN to St. Mary\'s down after certificate expiry', 'Epic interface maintenance window overran',
        'Cerner sandbox returning 500s to all partners'],
      areas: ['hl7', 'fhir', 'epic', 'cerner', 'interfaces'],
    },
  },
  {
    slug: 'lab-results',
    name: 'Lab Results',
    parent: 'clinical',
    jiraKey: 'LAB',
    intended: 'low on every key: quarterly release windows (validated-system change control), long lead times, '
      + 'frequent failed releases, fixes that take over a week',
    repositories: [
      repo('lab-results-service', 'java', 3, 'ids', 4120, { defaultBranch: 'master', preProduction: 'uat' }),
      repo('lis-connector', 'java', 2, 'ids', 2210, { defaultBranch: 'master', preProduction: 'uat', codeScanningDisabled: true }),
      repo('results-viewer', 'typescript', 2, 'ids', 980, { preProduction: 'uat' }),
      repo('specimen-tracking', 'python', 1, 'fallback', 530, { preProduction: 'uat' }),
    ],
    delivery: {
      ...flowDefaults,
      cadence: 'train',
      deployDayChance: steady(0),
      deploysPerDeployDay: steady(0),
      releaseEveryDays: steady(91),
      releaseWeekday: 0,
      releaseHourUtc: 7,
      codingHours: steady(110),
      reviewHours: steady(140),
      deployWaitHours: steady(0),
      changesPerDeploy: steady(9),
      failureRate: [0.42, 0.38],
      recoveryHours: steady(210),
      rollbackShare: 0.1,
      failedAttemptRate: 0.15,
    },
    security: { codeScanningPerMonth: 1.6, dependabotExposure: 0.6, secretsPerPeriod: 0.8, remediationFactor: 3.2, fixShare: 0.5 },
    vocabulary: {
      features: ['critical value call-back workflow', 'LOINC mapping for send-out labs', 'microbiology susceptibility report',
        'specimen barcode reprint', 'result amendment audit trail', 'reference range by age and sex', 'batch result release',
        'pathology PDF attachments'],
      defects: ['units lost on amended results', 'reference ranges for paediatric patients', 'duplicate specimen labels',
        'pending results never marked final', 'OBX-5 overflow for long comments', 'LIS poller skipping results after midnight'],
      symptoms: ['Lab results not reaching the patient chart', 'Critical values not paging the ordering provider',
        'Specimen labels printing blank', 'Results viewer timing out for inpatient units', 'LIS interface down after release'],
      securityIncidents: ['PHI visible in results-viewer error pages', 'Results of another patient shown after a session timeout'],
      outages: ['Reference lab interface down at the vendor', 'Analyzer middleware offline in the core lab',
        'Label printers unreachable after a network change'],
      areas: ['lis', 'results', 'specimens', 'microbiology'],
    },
  },
  {
    slug: 'e-prescribing',
    name: 'ePrescribing',
    parent: 'clinical',
    jiraKey: 'RX',
    intended: 'high and steady on every key',
    repositories: [
      repo('eprescribe-api', 'kotlin', 3, 'ids', 1320),
      repo('formulary-service', 'java', 2, 'fallback', 760),
      repo('pharmacy-router', 'go', 2, 'fallback', 455),
      repo('pdmp-checker', 'python', 1, 'shas', 190),
    ],
    delivery: {
      ...flowDefaults,
      deployDayChance: steady(0.42),
      deploysPerDeployDay: steady(1.2),
      codingHours: steady(26),
      reviewHours: steady(20),
      deployWaitHours: steady(16),
      changesPerDeploy: steady(1.8),
      failureRate: steady(0.085),
      recoveryHours: steady(4),
      rollbackShare: 0.5,
    },
    security: { codeScanningPerMonth: 0.9, dependabotExposure: 0.4, secretsPerPeriod: 0.4, remediationFactor: 0.9, fixShare: 0.85 },
    vocabulary: {
      features: ['EPCS two-factor signing', 'prior authorization status polling', 'formulary alternatives in the order screen',
        'controlled substance PDMP check', 'NCPDP SCRIPT 2017071 cancel messages', 'pharmacy directory search by distance',
        'renewal request inbox', 'medication history import'],
      defects: ['sig text truncation on refills', 'pharmacy routing for closed stores', 'duplicate renewal requests',
        'PDMP timeout handling', 'NDC lookup for compounded drugs', 'quantity unit mismatch on transmissions'],
      symptoms: ['Prescriptions stuck in "pending transmission"', 'Pharmacy network returning errors for new Rx',
        'PDMP checks timing out', 'Formulary lookups slow in the order screen'],
      securityIncidents: ['EPCS signing allowed without second factor after session refresh'],
      outages: ['E-prescribing network degraded', 'State PDMP gateway unavailable', 'Drug database vendor feed delayed'],
      areas: ['eprescribing', 'pharmacy', 'formulary', 'pdmp'],
    },
  },
  // ------------------------------------------------------------------------------- Patient Experience
  { slug: 'patient-experience', name: 'Patient Experience', parent: null, intended: 'group: Patient Portal, Telehealth, Mobile', repositories: [] },
  {
    slug: 'patient-portal',
    name: 'Patient Portal',
    parent: 'patient-experience',
    intended: 'elite on every key: several deployments a day, hour-scale lead times, automatic rollbacks',
    repositories: [
      repo('patient-portal-web', 'typescript', 4, 'fallback', 5210),
      repo('portal-bff', 'typescript', 3, 'ids', 2890),
      repo('appointments-service', 'typescript', 2, 'fallback', 1430),
      repo('billing-statements', 'java', 1, 'shas', 870),
      repo('notifications-service', 'typescript', 1.5, 'fallback', 990),
    ],
    delivery: {
      ...flowDefaults,
      deployDayChance: steady(0.93),
      deploysPerDeployDay: steady(3.6),
      weekendDeployChance: 0.08,
      codingHours: steady(3.5),
      reviewHours: steady(2.2),
      deployWaitHours: steady(0.6),
      changesPerDeploy: steady(1.3),
      failureRate: steady(0.025),
      recoveryHours: steady(0.4),
      rollbackShare: 0.75,
      failedAttemptRate: 0.04,
    },
    security: { codeScanningPerMonth: 1.1, dependabotExposure: 0.5, secretsPerPeriod: 0.6, remediationFactor: 0.6, fixShare: 0.9 },
    vocabulary: {
      features: ['appointment self-scheduling', 'proxy access for caregivers', 'visit summary download', 'bill pay with saved cards',
        'message attachments', 'Spanish translations for the inbox', 'questionnaire reminders', 'insurance card upload',
        'dark mode', 'accessible date picker'],
      defects: ['session timeout warning on mobile Safari', 'double charge on payment retry', 'appointment times shown in UTC',
        'screen reader labels on the inbox', 'proxy users seeing the wrong dependants', 'upload failing for HEIC photos'],
      symptoms: ['Portal login returning 502', 'Appointment booking failing for new patients', 'Payment page blank in Safari',
        'Inbox messages not loading', 'Portal p95 latency above 3 s'],
      securityIncidents: ['Credential stuffing against patient accounts', 'Proxy access shown for revoked caregivers'],
      outages: ['Payment processor outage', 'CDN serving stale portal assets', 'SMS provider delivering reminders late'],
      areas: ['portal', 'scheduling', 'billing', 'messaging', 'accessibility'],
    },
  },
  {
    slug: 'telehealth',
    name: 'Telehealth',
    parent: 'patient-experience',
    intended: 'getting worse: elite → medium during the video platform migration in the second half',
    repositories: [
      repo('telehealth-video', 'typescript', 3, 'fallback', 1730),
      repo('visit-scheduler', 'python', 2, 'ids', 880),
      repo('waiting-room', 'typescript', 2, 'fallback', 640),
      repo('provider-console', 'typescript', 1.5, 'fallback', 1105),
    ],
    delivery: {
      ...flowDefaults,
      deployDayChance: [0.85, 0.12],
      deploysPerDeployDay: [2.6, 1],
      codingHours: [5, 70],
      reviewHours: [3, 40],
      deployWaitHours: [1, 60],
      changesPerDeploy: [1.3, 3],
      failureRate: [0.04, 0.24],
      recoveryHours: [0.6, 14],
      rollbackShare: 0.5,
      failedAttemptRate: 0.08,
      transition: [0.45, 0.8],
    },
    security: { codeScanningPerMonth: 1.3, dependabotExposure: 0.5, secretsPerPeriod: 0.6, remediationFactor: 1.1, fixShare: 0.75 },
    vocabulary: {
      features: ['WebRTC simulcast for low bandwidth', 'interpreter join link', 'virtual background blur',
        'waiting room queue position', 'provider screen sharing', 'new video SDK integration', 'visit recording consent',
        'bandwidth pre-check'],
      defects: ['audio echo on Android Chrome', 'reconnect after network switch', 'waiting room stuck on "connecting"',
        'provider camera permissions on Safari', 'visit end time not recorded', 'TURN server fallback'],
      symptoms: ['Video visits dropping after 10 minutes', 'Patients stuck in the waiting room', 'No audio in video visits',
        'Providers unable to start visits', 'TURN relay saturated'],
      securityIncidents: ['Visit links reachable without waiting-room check', 'Recording consent not captured before recording'],
      outages: ['Video SDK vendor outage', 'TURN relay provider degraded', 'Interpreter service unreachable'],
      areas: ['video', 'waiting-room', 'scheduling', 'webrtc'],
    },
  },
  {
    slug: 'mobile',
    name: 'Mobile',
    parent: 'patient-experience',
    intended: 'medium and steady: monthly app releases, hotfix releases through app review',
    repositories: [
      repo('medisphere-ios', 'swift', 3, 'ids', 2330, { preProduction: 'testflight' }),
      repo('medisphere-android', 'kotlin', 3, 'ids', 2190, { preProduction: 'play-internal' }),
      repo('mobile-bff', 'typescript', 2, 'fallback', 760),
      repo('push-gateway', 'go', 1, 'fallback', 240),
    ],
    delivery: {
      ...flowDefaults,
      cadence: 'train',
      deployDayChance: steady(0),
      deploysPerDeployDay: steady(0),
      releaseEveryDays: steady(28),
      releaseWeekday: 2,
      releaseHourUtc: 15,
      codingHours: steady(40),
      reviewHours: steady(30),
      deployWaitHours: steady(0),
      changesPerDeploy: steady(12),
      failureRate: steady(0.16),
      recoveryHours: steady(50),
      rollbackShare: 0.15,
      failedAttemptRate: 0.1,
    },
    security: { codeScanningPerMonth: 0.8, dependabotExposure: 0.4, secretsPerPeriod: 0.7, remediationFactor: 1.2, fixShare: 0.8 },
    vocabulary: {
      features: ['Face ID sign-in', 'push notifications for new results', 'Apple Health export', 'offline visit summaries',
        'biometric re-authentication', 'in-app check-in', 'widgets for upcoming appointments', 'deep links from SMS reminders'],
      defects: ['crash on Android 14 when opening messages', 'push token refresh after reinstall', 'keyboard covering the login form',
        'dynamic type clipping on iPad', 'deep link opening the wrong tab'],
      symptoms: ['iOS app crashing on launch for iOS 17 users', 'Push notifications not delivered', 'Android login loop',
        'Mobile check-in failing'],
      securityIncidents: ['Access token cached in unencrypted shared preferences'],
      outages: ['Apple Push Notification service delays', 'Firebase Cloud Messaging delivery errors'],
      areas: ['ios', 'android', 'push', 'bff'],
    },
  },
  // ----------------------------------------------------------------------------------------- Platform
  { slug: 'platform', name: 'Platform', parent: null, intended: 'group: Identity & Access, Data Platform, SRE', repositories: [] },
  {
    slug: 'identity-access',
    name: 'Identity & Access',
    parent: 'platform',
    jiraKey: 'IAM',
    intended: 'high delivery, elite change failure rate, the best security hygiene in the org',
    repositories: [
      repo('auth-service', 'go', 3, 'ids', 1510),
      repo('sso-gateway', 'java', 2, 'fallback', 930),
      repo('consent-service', 'typescript', 2, 'shas', 480),
      repo('audit-trail', 'go', 1, 'fallback', 350),
    ],
    delivery: {
      ...flowDefaults,
      deployDayChance: steady(0.38),
      deploysPerDeployDay: steady(1.1),
      codingHours: steady(30),
      reviewHours: steady(34),
      deployWaitHours: steady(10),
      changesPerDeploy: steady(1.6),
      failureRate: steady(0.03),
      recoveryHours: steady(2.5),
      rollbackShare: 0.6,
    },
    security: { codeScanningPerMonth: 0.9, dependabotExposure: 0.4, secretsPerPeriod: 0.3, remediationFactor: 0.35, fixShare: 0.97 },
    vocabulary: {
      features: ['WebAuthn passkeys', 'SMART on FHIR launch scopes', 'break-the-glass access workflow', 'consent revocation API',
        'SCIM provisioning for clinics', 'step-up authentication for EPCS', 'audit log export to the SIEM', 'session binding to device'],
      defects: ['refresh token rotation race', 'SAML clock skew tolerance', 'consent cache invalidation',
        'lockout counter reset on password change', 'audit events missing actor for service accounts'],
      symptoms: ['SSO logins failing for two clinics', 'Token refresh returning 401', 'Consent checks timing out',
        'Audit events delayed by 30 minutes'],
      securityIncidents: ['Session tokens not invalidated on password reset', 'Break-the-glass access not audited'],
      outages: ['Identity provider outage for clinic tenants', 'Hospital LDAP directory unreachable'],
      areas: ['auth', 'sso', 'consent', 'audit'],
    },
  },
  {
    slug: 'data-platform',
    name: 'Data Platform',
    parent: 'platform',
    jiraKey: 'DATA',
    intended: 'improving: change failure rate from low to high after adding data contracts; lead time medium → high',
    repositories: [
      repo('clinical-data-warehouse', 'python', 3, 'fallback', 2040, { production: 'prod', preProduction: 'dev' }),
      repo('etl-pipelines', 'python', 3, 'fallback', 1760, { production: 'prod', preProduction: 'dev' }),
      repo('analytics-api', 'python', 2, 'ids', 650),
      repo('fhir-bulk-export', 'java', 1, 'fallback', 310),
      repo('deidentification-service', 'python', 1, 'shas', 220),
    ],
    delivery: {
      ...flowDefaults,
      deployDayChance: [0.3, 0.5],
      deploysPerDeployDay: [1.2, 1.4],
      codingHours: [60, 30],
      reviewHours: [70, 24],
      deployWaitHours: [60, 18],
      changesPerDeploy: [2.2, 1.6],
      failureRate: [0.26, 0.06],
      recoveryHours: [30, 6],
      rollbackShare: 0.3,
      transition: [0.2, 0.7],
    },
    security: { codeScanningPerMonth: 1.0, dependabotExposure: 0.5, secretsPerPeriod: 0.9, remediationFactor: 1.0, fixShare: 0.8 },
    vocabulary: {
      features: ['data contracts for encounter events', 'incremental dbt models for claims', 'bulk FHIR export by group',
        'Safe Harbor de-identification of dates', 'readmission risk features', 'column-level lineage', 'late-arriving fact handling',
        'data quality alerts to Slack'],
      defects: ['duplicate encounters after backfill', 'null birth dates in the patient dimension', 'bulk export manifest expiry',
        'free-text notes leaking into de-identified extracts', 'DST gap in hourly partitions'],
      symptoms: ['Nightly warehouse load failed', 'Dashboards showing yesterday\'s census', 'Bulk export jobs stuck in progress',
        'Analytics API returning stale data'],
      securityIncidents: ['De-identified export contained free-text notes'],
      outages: ['Source EHR extract arrived six hours late', 'Warehouse compute quota exhausted', 'Claims feed vendor sent a truncated file'],
      areas: ['warehouse', 'etl', 'dbt', 'fhir-bulk', 'deid'],
    },
  },
  {
    slug: 'sre',
    name: 'SRE',
    parent: 'platform',
    intended: 'elite deployment frequency, high lead time (infrastructure reviews), high change failure rate',
    repositories: [
      repo('infra-terraform', 'terraform', 3, 'fallback', 3310),
      repo('k8s-platform', 'go', 3, 'fallback', 1980),
      repo('observability-stack', 'go', 2, 'ids', 860),
      repo('ci-templates', 'typescript', 1, 'fallback', 540, { preProduction: null }),
      repo('status-page', 'typescript', 1, 'fallback', 170, { preProduction: null }),
    ],
    delivery: {
      ...flowDefaults,
      deployDayChance: steady(0.85),
      deploysPerDeployDay: steady(2.2),
      weekendDeployChance: 0.15,
      codingHours: steady(18),
      reviewHours: steady(14),
      deployWaitHours: steady(3),
      changesPerDeploy: steady(1.2),
      failureRate: steady(0.09),
      recoveryHours: steady(1.8),
      rollbackShare: 0.55,
    },
    security: { codeScanningPerMonth: 0.9, dependabotExposure: 0.45, secretsPerPeriod: 0.8, remediationFactor: 0.8, fixShare: 0.85 },
    vocabulary: {
      features: ['Karpenter node pools for batch jobs', 'PrometheusRule for HL7 queue depth', 'Terraform module for RDS with CMK',
        'OpenTelemetry collector sidecars', 'blue/green ingress for the portal', 'cost allocation tags', 'WAF rules for login endpoints',
        'backup restore drills'],
      defects: ['HPA flapping on the BFF', 'cert-manager renewal for internal CAs', 'Grafana alert routing for the lab team',
        'NAT gateway port exhaustion', 'drift in security group rules'],
      symptoms: ['Cluster DNS resolution failures', 'Ingress returning 503 for all services', 'Alerting pipeline silent for 40 minutes',
        'Node pool scale-up stuck'],
      securityIncidents: ['AWS access key exposed in CI logs', 'S3 bucket for log archives briefly public'],
      outages: ['Cloud provider degraded in us-east-1', 'DNS provider resolution errors', 'Database failover during maintenance'],
      areas: ['terraform', 'kubernetes', 'observability', 'ci'],
    },
  },
];

/** Repositories in no team: a shared design system, docs, a retired service and a sandbox. */
export const UNOWNED_REPOSITORIES: RepositorySpec[] = [
  repo('design-system', 'typescript', 1, 'fallback', 720, { preProduction: null }),
  repo('engineering-handbook', 'typescript', 1, 'fallback', 410, { preProduction: null }),
  repo('legacy-fax-gateway', 'java', 1, 'fallback', 1290, { archived: true, activeUntilDay: 45, defaultBranch: 'master' }),
  repo('hackathon-sandbox', 'python', 1, 'fallback', 12, { neverDeployed: true, preProduction: null }),
];

/** Delivery of the repositories in no team: occasional deployments, each on its own schedule. */
export const UNOWNED_DELIVERY: DeliveryProfile = {
  ...flowDefaults,
  deployDayChance: steady(0.12),
  deploysPerDeployDay: steady(1),
  codingHours: steady(20),
  reviewHours: steady(30),
  deployWaitHours: steady(30),
  changesPerDeploy: steady(1.5),
  failureRate: steady(0.05),
  recoveryHours: steady(6),
  rollbackShare: 0.5,
};

export const UNOWNED_SECURITY: SecurityProfile = {
  codeScanningPerMonth: 0.5, dependabotExposure: 0.35, secretsPerPeriod: 0.5, remediationFactor: 2.5, fixShare: 0.4,
};

/** Vocabulary of each repository in no team (they have nothing in common). */
export const UNOWNED_VOCABULARIES: Record<string, TeamVocabulary> = {
  'design-system': {
    features: ['button density tokens', 'design tokens for focus rings', 'accessible combobox', 'date range picker'],
    defects: ['contrast of disabled buttons', 'focus trap in modal dialogs', 'RTL layout of the stepper'],
    symptoms: ['Storybook site down', 'Broken styles after design-system release'],
    securityIncidents: [],
    outages: [],
    areas: ['components', 'tokens', 'a11y'],
  },
  'engineering-handbook': {
    features: ['on-call handbook page', 'onboarding checklist', 'incident review template', 'HIPAA training links'],
    defects: ['broken links in the runbook index', 'typo in the incident template', 'search index for runbooks'],
    symptoms: ['Handbook site returning 404'],
    securityIncidents: [],
    outages: [],
    areas: ['docs', 'runbooks'],
  },
  'legacy-fax-gateway': {
    features: ['fax cover sheet template', 'retry policy per receiving clinic'],
    defects: ['fax retry storm', 'page rotation for scanned referrals', 'TIFF conversion memory leak'],
    symptoms: ['Outbound faxes not delivered', 'Referral faxes arriving blank'],
    securityIncidents: [],
    outages: [],
    areas: ['fax'],
  },
  'hackathon-sandbox': {
    features: ['a prototype for triage chat', 'voice notes transcription spike', 'FHIR explorer notebook'],
    defects: ['notebook kernel crash', 'seed data for the prototype'],
    symptoms: ['Sandbox demo down'],
    securityIncidents: [],
    outages: [],
    areas: ['sandbox'],
  },
};

export const UNOWNED_FALLBACK_VOCABULARY: TeamVocabulary = {
  features: ['internal tooling'], defects: ['internal tooling bug'], symptoms: ['Internal tool unavailable'], securityIncidents: [],
  outages: [], areas: ['tools'],
};
