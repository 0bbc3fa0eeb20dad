import { unbracketHost } from '../base/addresses.js';
import { formatDuration } from '../base/durations.js';
import { describeOwnTimeout, RUNTIMES } from '../runtimes/facts.js';
import type { Hint } from './diagnosis.js';
import type { HintInput } from './hint-input.js';
import {
  endpointKindHint,
  failingNotRequiredHint,
  okStatusFailingBodyHint,
  requiredNeverReportedHint,
  serviceVerdictHint,
  terminatingHint,
} from './model-hints.js';

export const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy'] as const;

function targetHost(options: HintInput['options']): string | null {
  const t = options.target;
  if (t.kind === 'http') return unbracketHost(t.url.hostname);
  return t.host;
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host) || host.endsWith('.localhost');
}

function loopbackInKubernetes({ options, env, report }: HintInput): Hint | null {
  const host = targetHost(options);
  if (options.unixSocket !== null || host === null || !isLoopbackHost(host) || !env['KUBERNETES_SERVICE_HOST']) return null;
  const failedToConnect = report.outcome === 'unreachable';
  return {
    id: 'loopback-in-kubernetes',
    level: failedToConnect ? 'warn' : 'info',
    message: `${host} is this pod's own loopback (KUBERNETES_SERVICE_HOST is set)${failedToConnect ? ' and nothing answered there' : ''}`,
    fix: "right for an exec probe in the service's container; from another pod or container, target the pod IP or a Service name",
  };
}

function proxyVariables({ env, options }: HintInput): Hint | null {
  const set = PROXY_VARIABLES.filter((name) => env[name] !== undefined && env[name] !== '');
  if (set.length === 0) return null;
  const host = targetHost(options);
  const local = options.unixSocket !== null || (host !== null && isLoopbackHost(host));
  return {
    id: 'proxy-variables',
    level: 'info',
    message: `${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set: healthctl never sends loopback or Unix-socket checks through a proxy${local ? '' : ', and sends none of its checks through one'}`,
    fix: 'curl, wget and other probes may use the proxy: set NO_PROXY=localhost,127.0.0.1,::1 for them',
  };
}

function deadlineAboveRuntime({ options, timeoutGiven }: HintInput): Hint | null {
  const limit = RUNTIMES[options.runtime].ownTimeout;
  if (!timeoutGiven || limit === null || options.timeoutMs < limit.defaultMs) return null;
  return {
    id: 'deadline-above-runtime-timeout',
    level: 'warn',
    message: `--timeout ${formatDuration(options.timeoutMs)} is not shorter than ${options.runtime}'s ${describeOwnTimeout(limit)}: ${options.runtime} kills the check first and records no reason`,
    fix: `raise ${limit.setting} above ${formatDuration(options.timeoutMs)}, or drop --timeout to use healthctl's ${options.runtime} default`,
  };
}

function looksLikeJson(body: string): boolean {
  const first = /\S/.exec(body)?.[0];
  if (first !== '{' && first !== '[') return false;
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}

function looksLikeHtml(body: string): boolean {
  return /^\s*<(!doctype html|html|head|body)\b/i.test(body);
}

function contentTypeMismatch({ result }: HintInput): Hint | null {
  if (result.body === null || result.body === '') return null;
  const contentType = result.ok ? result.contentType : null;
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const saysJson = /json/.test(type);
  if (!result.ok) {
    if (result.error.outcome !== 'bad-response' || !looksLikeHtml(result.body)) return null;
    return {
      id: 'content-type-mismatch',
      level: 'warn',
      message: 'the answer is an HTML page where a health document was expected (a login page, proxy or error page answered?)',
      fix: "target the service's health endpoint directly, bypassing the proxy or authentication in front of it",
    };
  }
  if (saysJson && !looksLikeJson(result.body)) {
    return {
      id: 'content-type-mismatch',
      level: 'warn',
      message: `Content-Type says ${type} but the body is not JSON${looksLikeHtml(result.body) ? ' (it is HTML)' : ''}`,
      fix: "target the service's health endpoint directly; a proxy or error page may be answering",
    };
  }
  if (!saysJson && looksLikeJson(result.body)) {
    return {
      id: 'content-type-mismatch',
      level: 'info',
      message: `the body is JSON but Content-Type says ${type === '' ? 'nothing' : type} (Pomerium's health server does this); healthctl read it by its shape`,
      fix: 'nothing to do for healthctl; tools that trust the header may not parse it, and --format names the format explicitly',
    };
  }
  return null;
}

function redirects({ result }: HintInput): Hint | null {
  if (!result.ok || result.redirects.length === 0) return null;
  const last = result.redirects[result.redirects.length - 1] ?? '';
  const n = result.redirects.length;
  return {
    id: 'redirects',
    level: 'info',
    message: `followed ${n} redirect${n === 1 ? '' : 's'}, ending at ${last}`,
    fix: `target ${last} directly: each hop costs time from the deadline, and kubelet httpGet follows only same-host redirects`,
  };
}

const RULES: ReadonlyArray<(input: HintInput) => Hint | null> = [
  loopbackInKubernetes,
  proxyVariables,
  deadlineAboveRuntime,
  requiredNeverReportedHint,
  failingNotRequiredHint,
  terminatingHint,
  okStatusFailingBodyHint,
  serviceVerdictHint,
  endpointKindHint,
  contentTypeMismatch,
  redirects,
];

/** Likely misconfigurations, most likely cause of a failure first. Pure. */
export function findHints(input: HintInput): Hint[] {
  const hints = RULES.map((rule) => rule(input)).filter((h): h is Hint => h !== null);
  return [...hints.filter((h) => h.level === 'warn'), ...hints.filter((h) => h.level === 'info')];
}
