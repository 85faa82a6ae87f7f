// Words the demo data is built from: people, chores, scanner rules, advisories and secret types. All of it
// is fictitious (advisory identifiers are generated), but shaped like what GitHub reports.
import type { Language } from '@/lib/demo/organisation';
import type { Severity } from '@/lib/metrics/types';

export const FIRST_NAMES = [
  'Priya', 'Jamal', 'Sofia', 'Wei', 'Amara', 'Lucas', 'Hannah', 'Diego', 'Aisha', 'Tomasz', 'Mei', 'Oluwaseun', 'Elena',
  'Rahul', 'Grace', 'Mateo', 'Fatima', 'Noah', 'Ingrid', 'Kenji', 'Chloe', 'Yusuf', 'Marta', 'Daniel', 'Leila', 'Samuel',
  'Anika', 'Jonas', 'Camila', 'Ravi', 'Zoe', 'Ibrahim', 'Freya', 'Hiroshi', 'Nadia', 'Owen', 'Lucia', 'Tariq', 'Emma', 'Kwame',
] as const;

export const LAST_NAMES = [
  'Raman', 'Okafor', 'Lindqvist', 'Chen', 'Morales', 'Novak', 'Adeyemi', 'Schneider', 'Haddad', 'Kowalski', 'Tanaka', 'Nguyen',
  'Fernandes', 'Iyer', 'Brennan', 'Castillo', 'Rahman', 'Fischer', 'Osei', 'Petrova', 'Walsh', 'Sato', 'Mensah', 'Kaur',
  'Dubois', 'Aziz', 'Larsen', 'Ortiz', 'Bianchi', 'Yilmaz',
] as const;

export const DEPENDABOT_AUTHOR = 'dependabot[bot]';
export const CHORE_TITLES = [
  'Upgrade to Node 22', 'Move CI to the shared workflow templates', 'Remove the legacy feature flag for {area}',
  'Add OpenTelemetry spans to {area} handlers', 'Tighten ESLint rules', 'Split {area} module into smaller files',
  'Raise test coverage for {area}', 'Document the {area} runbook', 'Bump base image to distroless', 'Pin GitHub Actions by SHA',
  'Structured logging for {area}', 'Drop unused {area} endpoints', 'Rename {area} config keys', 'Speed up the {area} test suite',
] as const;

export const FEATURE_VERBS = ['Add', 'Support', 'Introduce', 'Enable', 'Implement'] as const;
export const DEFECT_VERBS = ['Fix', 'Fix', 'Fix', 'Fix', 'Resolve'] as const;

/** Package ecosystems Dependabot watches, per repository language. */
export const ECOSYSTEM_OF: Record<Language, readonly Ecosystem[]> = {
  typescript: ['npm', 'github_actions'],
  java: ['maven', 'github_actions'],
  kotlin: ['maven', 'github_actions'],
  python: ['pip', 'github_actions'],
  go: ['go', 'github_actions'],
  swift: ['swift', 'github_actions'],
  terraform: ['github_actions'],
};

export type Ecosystem = 'npm' | 'maven' | 'pip' | 'go' | 'swift' | 'github_actions';

export interface Advisory {
  ecosystem: Ecosystem;
  package: string;
  summary: string;
  severity: Severity;
  fixedIn: string;
  vulnerable: string;
}

export const ADVISORIES: readonly Advisory[] = [
  { ecosystem: 'npm', package: 'axios', summary: 'Server-side request forgery and credential leakage via absolute URLs', severity: 'high', vulnerable: '1.7.4', fixedIn: '1.8.2' },
  { ecosystem: 'npm', package: 'jsonwebtoken', summary: 'Unrestricted key type could lead to legacy keys usage', severity: 'medium', vulnerable: '8.5.1', fixedIn: '9.0.0' },
  { ecosystem: 'npm', package: 'lodash', summary: 'Prototype pollution in zipObjectDeep', severity: 'critical', vulnerable: '4.17.15', fixedIn: '4.17.21' },
  { ecosystem: 'npm', package: 'semver', summary: 'Regular expression denial of service in range parsing', severity: 'medium', vulnerable: '7.5.1', fixedIn: '7.5.2' },
  { ecosystem: 'npm', package: 'ws', summary: 'Denial of service when handling a request with many HTTP headers', severity: 'high', vulnerable: '8.17.0', fixedIn: '8.17.1' },
  { ecosystem: 'npm', package: 'express', summary: 'Open redirect in malformed URLs', severity: 'medium', vulnerable: '4.18.2', fixedIn: '4.19.2' },
  { ecosystem: 'npm', package: 'cookie', summary: 'Accepts cookie name, path and domain with out-of-bounds characters', severity: 'low', vulnerable: '0.6.0', fixedIn: '0.7.0' },
  { ecosystem: 'npm', package: 'braces', summary: 'Uncontrolled resource consumption', severity: 'high', vulnerable: '3.0.2', fixedIn: '3.0.3' },
  { ecosystem: 'npm', package: 'next', summary: 'Authorization bypass in middleware', severity: 'critical', vulnerable: '14.2.24', fixedIn: '14.2.25' },
  { ecosystem: 'npm', package: 'path-to-regexp', summary: 'Backtracking regular expressions', severity: 'high', vulnerable: '0.1.7', fixedIn: '0.1.12' },
  { ecosystem: 'npm', package: 'nanoid', summary: 'Predictable results when given non-integer values', severity: 'low', vulnerable: '3.3.7', fixedIn: '3.3.8' },
  { ecosystem: 'npm', package: 'cross-spawn', summary: 'Regular expression denial of service', severity: 'high', vulnerable: '7.0.3', fixedIn: '7.0.5' },
  { ecosystem: 'npm', package: 'esbuild', summary: 'Any website can send requests to the development server', severity: 'medium', vulnerable: '0.21.5', fixedIn: '0.25.0' },
  { ecosystem: 'npm', package: 'brace-expansion', summary: 'Regular expression denial of service', severity: 'low', vulnerable: '2.0.1', fixedIn: '2.0.2' },
  { ecosystem: 'maven', package: 'com.fasterxml.jackson.core:jackson-databind', summary: 'Deserialization of untrusted data', severity: 'high', vulnerable: '2.13.2', fixedIn: '2.13.4.2' },
  { ecosystem: 'maven', package: 'org.postgresql:postgresql', summary: 'SQL injection via line comment generation', severity: 'critical', vulnerable: '42.6.0', fixedIn: '42.6.1' },
  { ecosystem: 'maven', package: 'org.springframework:spring-web', summary: 'URL parsing with host validation bypass', severity: 'high', vulnerable: '6.1.4', fixedIn: '6.1.5' },
  { ecosystem: 'maven', package: 'io.netty:netty-codec-http', summary: 'Denial of service via zip-bomb style attack', severity: 'medium', vulnerable: '4.1.107', fixedIn: '4.1.108' },
  { ecosystem: 'maven', package: 'commons-io:commons-io', summary: 'Possible denial of service on untrusted input to XmlStreamReader', severity: 'medium', vulnerable: '2.13.0', fixedIn: '2.14.0' },
  { ecosystem: 'maven', package: 'ca.uhn.hapi.fhir:hapi-fhir-base', summary: 'XML external entity processing in the XML parser', severity: 'high', vulnerable: '6.8.0', fixedIn: '6.8.6' },
  { ecosystem: 'maven', package: 'org.bouncycastle:bcprov-jdk18on', summary: 'Infinite loop when parsing crafted certificates', severity: 'medium', vulnerable: '1.77', fixedIn: '1.78' },
  { ecosystem: 'maven', package: 'com.google.guava:guava', summary: 'Insecure use of the temporary directory', severity: 'low', vulnerable: '31.1-jre', fixedIn: '32.0.0-jre' },
  { ecosystem: 'pip', package: 'requests', summary: 'Session does not verify requests after a first request with verify=False', severity: 'medium', vulnerable: '2.31.0', fixedIn: '2.32.0' },
  { ecosystem: 'pip', package: 'urllib3', summary: 'Proxy-Authorization header not stripped on cross-origin redirects', severity: 'low', vulnerable: '2.2.1', fixedIn: '2.2.2' },
  { ecosystem: 'pip', package: 'jinja2', summary: 'Sandbox breakout through indirect format method reference', severity: 'medium', vulnerable: '3.1.4', fixedIn: '3.1.5' },
  { ecosystem: 'pip', package: 'pyarrow', summary: 'Arbitrary code execution when loading a malicious data file', severity: 'critical', vulnerable: '14.0.0', fixedIn: '14.0.1' },
  { ecosystem: 'pip', package: 'aiohttp', summary: 'Directory traversal when following symlinks', severity: 'high', vulnerable: '3.9.1', fixedIn: '3.9.2' },
  { ecosystem: 'pip', package: 'certifi', summary: 'Removal of a distrusted root certificate', severity: 'low', vulnerable: '2023.7.22', fixedIn: '2024.7.4' },
  { ecosystem: 'pip', package: 'setuptools', summary: 'Command injection via package URL', severity: 'high', vulnerable: '69.5.1', fixedIn: '70.0.0' },
  { ecosystem: 'go', package: 'golang.org/x/net', summary: 'HTTP/2 rapid reset can cause excessive work', severity: 'high', vulnerable: '0.15.0', fixedIn: '0.17.0' },
  { ecosystem: 'go', package: 'golang.org/x/crypto', summary: 'Prefix truncation attack against ChaCha20-Poly1305 (Terrapin)', severity: 'medium', vulnerable: '0.16.0', fixedIn: '0.17.0' },
  { ecosystem: 'go', package: 'github.com/golang-jwt/jwt/v4', summary: 'Error handling in ParseWithClaims can lead to accepting invalid tokens', severity: 'low', vulnerable: '4.5.0', fixedIn: '4.5.1' },
  { ecosystem: 'go', package: 'github.com/docker/docker', summary: 'Authorization plugin bypass with zero-length bodies', severity: 'critical', vulnerable: '24.0.9', fixedIn: '25.0.6' },
  { ecosystem: 'swift', package: 'swift-nio-http2', summary: 'Denial of service via malformed HTTP/2 frames', severity: 'high', vulnerable: '1.29.0', fixedIn: '1.31.0' },
  { ecosystem: 'github_actions', package: 'tj-actions/changed-files', summary: 'Secrets readable from workflow logs after a compromised release', severity: 'high', vulnerable: '45.0.7', fixedIn: '46.0.1' },
  { ecosystem: 'github_actions', package: 'actions/download-artifact', summary: 'Arbitrary file write via artifact extraction', severity: 'high', vulnerable: '4.1.2', fixedIn: '4.1.3' },
];

export interface ScanRule {
  id: string;
  title: string;
  severity: Severity;
}

/** CodeQL queries (and Checkov checks uploaded as SARIF for Terraform) per language. */
export const CODE_SCANNING_RULES: Record<Language, readonly ScanRule[]> = {
  typescript: [
    { id: 'js/sql-injection', title: 'Database query built from user-controlled sources', severity: 'high' },
    { id: 'js/reflected-xss', title: 'Reflected cross-site scripting', severity: 'high' },
    { id: 'js/xss-through-dom', title: 'DOM text reinterpreted as HTML', severity: 'medium' },
    { id: 'js/path-injection', title: 'Uncontrolled data used in path expression', severity: 'high' },
    { id: 'js/clear-text-logging', title: 'Clear-text logging of sensitive information', severity: 'high' },
    { id: 'js/missing-rate-limiting', title: 'Missing rate limiting', severity: 'high' },
    { id: 'js/insecure-randomness', title: 'Insecure randomness', severity: 'high' },
    { id: 'js/prototype-pollution-utility', title: 'Prototype-polluting function', severity: 'medium' },
    { id: 'js/hardcoded-credentials', title: 'Hard-coded credentials', severity: 'critical' },
    { id: 'js/request-forgery', title: 'Server-side request forgery', severity: 'critical' },
    { id: 'js/polynomial-redos', title: 'Polynomial regular expression used on uncontrolled data', severity: 'high' },
    { id: 'js/log-injection', title: 'Log injection', severity: 'medium' },
    { id: 'js/unused-local-variable', title: 'Unused variable, import, function or class', severity: 'low' },
    { id: 'js/trivial-conditional', title: 'Useless conditional', severity: 'low' },
  ],
  java: [
    { id: 'java/sql-injection', title: 'Query built from user-controlled sources', severity: 'high' },
    { id: 'java/ssrf', title: 'Server-side request forgery', severity: 'critical' },
    { id: 'java/xxe', title: 'Resolving XML external entity in user-controlled data', severity: 'critical' },
    { id: 'java/unsafe-deserialization', title: 'Deserialization of user-controlled data', severity: 'critical' },
    { id: 'java/log-injection', title: 'Log Injection', severity: 'medium' },
    { id: 'java/sensitive-log', title: 'Insertion of sensitive information into log files', severity: 'medium' },
    { id: 'java/weak-cryptographic-algorithm', title: 'Use of a broken or risky cryptographic algorithm', severity: 'high' },
    { id: 'java/insecure-trustmanager', title: 'TrustManager that accepts all certificates', severity: 'high' },
    { id: 'java/unused-parameter', title: 'Useless parameter', severity: 'low' },
    { id: 'java/missing-override-annotation', title: 'Missing Override annotation', severity: 'low' },
  ],
  kotlin: [
    { id: 'java/android/intent-redirection', title: 'Android Intent redirection', severity: 'high' },
    { id: 'java/android/webview-debugging-enabled', title: 'Android WebView debugging enabled', severity: 'medium' },
    { id: 'java/android/cleartext-storage-shared-prefs', title: 'Cleartext storage of sensitive information using SharedPreferences', severity: 'high' },
    { id: 'java/sql-injection', title: 'Query built from user-controlled sources', severity: 'high' },
    { id: 'java/hardcoded-credential-api-call', title: 'Hard-coded credential in API call', severity: 'critical' },
    { id: 'java/unused-parameter', title: 'Useless parameter', severity: 'low' },
  ],
  python: [
    { id: 'py/sql-injection', title: 'SQL query built from user-controlled sources', severity: 'high' },
    { id: 'py/path-injection', title: 'Uncontrolled data used in path expression', severity: 'high' },
    { id: 'py/clear-text-logging-sensitive-data', title: 'Clear-text logging of sensitive information', severity: 'high' },
    { id: 'py/weak-sensitive-data-hashing', title: 'Use of a broken or weak cryptographic hashing algorithm on sensitive data', severity: 'high' },
    { id: 'py/unsafe-deserialization', title: 'Deserialization of user-controlled data', severity: 'critical' },
    { id: 'py/request-without-cert-validation', title: 'Request without certificate validation', severity: 'medium' },
    { id: 'py/stack-trace-exposure', title: 'Information exposure through an exception', severity: 'medium' },
    { id: 'py/unused-import', title: 'Unused import', severity: 'low' },
  ],
  go: [
    { id: 'go/sql-injection', title: 'Database query built from user-controlled sources', severity: 'high' },
    { id: 'go/path-injection', title: 'Uncontrolled data used in path expression', severity: 'high' },
    { id: 'go/clear-text-logging', title: 'Clear-text logging of sensitive information', severity: 'high' },
    { id: 'go/request-forgery', title: 'Uncontrolled data used in network request', severity: 'critical' },
    { id: 'go/disabled-certificate-check', title: 'Disabled TLS certificate check', severity: 'high' },
    { id: 'go/incorrect-integer-conversion', title: 'Incorrect conversion between integer types', severity: 'medium' },
    { id: 'go/unhandled-writable-file-close', title: 'Writable file handle closed without error handling', severity: 'low' },
  ],
  swift: [
    { id: 'swift/cleartext-storage-database', title: 'Cleartext storage of sensitive information in a local database', severity: 'high' },
    { id: 'swift/hardcoded-key', title: 'Hard-coded encryption key', severity: 'critical' },
    { id: 'swift/insecure-tls', title: 'Insecure TLS configuration', severity: 'high' },
    { id: 'swift/cleartext-logging', title: 'Cleartext logging of sensitive information', severity: 'medium' },
    { id: 'swift/unsafe-js-eval', title: 'JavaScript injection', severity: 'medium' },
    { id: 'swift/unused-variable', title: 'Unused variable', severity: 'low' },
  ],
  terraform: [
    { id: 'CKV_AWS_20', title: 'S3 bucket has an ACL defined which allows public READ access', severity: 'critical' },
    { id: 'CKV_AWS_19', title: 'Ensure the S3 bucket has server-side encryption enabled', severity: 'high' },
    { id: 'CKV_AWS_24', title: 'Security group allows ingress from 0.0.0.0/0 to port 22', severity: 'high' },
    { id: 'CKV_AWS_16', title: 'Ensure all data stored in RDS is securely encrypted at rest', severity: 'high' },
    { id: 'CKV_K8S_20', title: 'Containers should not run with allowPrivilegeEscalation', severity: 'medium' },
    { id: 'CKV_AWS_18', title: 'Ensure the S3 bucket has access logging enabled', severity: 'low' },
    { id: 'CKV_K8S_8', title: 'Liveness probe should be configured', severity: 'low' },
  ],
};

export const SECRET_TYPES: readonly { id: string; title: string }[] = [
  { id: 'aws_access_key_id', title: 'Amazon AWS Access Key ID' },
  { id: 'github_personal_access_token', title: 'GitHub Personal Access Token' },
  { id: 'slack_incoming_webhook_url', title: 'Slack Incoming Webhook URL' },
  { id: 'stripe_api_key', title: 'Stripe API Key' },
  { id: 'twilio_api_key', title: 'Twilio API Key' },
  { id: 'sendgrid_api_key', title: 'SendGrid API Key' },
  { id: 'azure_storage_account_key', title: 'Azure Storage Account Access Key' },
  { id: 'google_api_key', title: 'Google API Key' },
];

/** Dismissal reasons as each GitHub API spells them (the metrics normalise the spelling). */
export const DISMISSAL_REASONS = {
  'code-scanning': [['false positive', 4], ["won't fix", 3], ['used in tests', 3]],
  dependabot: [['tolerable_risk', 4], ['inaccurate', 2], ['not_used', 3], ['no_bandwidth', 2]],
  'secret-scanning': [['false_positive', 3], ['used_in_tests', 4], ['wont_fix', 1]],
} as const satisfies Record<string, readonly (readonly [string, number])[]>;

export const INCIDENT_SEVERITIES = [['SEV1', 1], ['SEV2', 4], ['SEV3', 10], ['SEV4', 5]] as const;

/** Incidents no deployment caused, for teams without their own list (TeamVocabulary.outages). */
export const OPERATIONAL_INCIDENTS = [
  'Upstream clearinghouse outage', 'Certificate expired on a partner VPN', 'Cloud provider degraded in us-east-1',
  'SMS provider delivering messages late', 'Database failover during maintenance', 'Disk full on a reporting replica',
  'Partner API rate limiting our requests', 'DNS provider resolution errors',
] as const;
