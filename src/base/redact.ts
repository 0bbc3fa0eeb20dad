import { effectivePort } from './addresses.js';

const SECRET_PARAM = /^(?:token|access_token|key|api_key|apikey|secret|password|auth|sig|signature)$/i;

/**
 * The URL as it may be printed: user-info becomes `user:***@`, the values of
 * query parameters that carry secrets (token, api_key, sig, …) become `***`, and the
 * fragment (never sent, sometimes an OAuth token) is dropped.
 */
export function redactUrl(url: URL): string {
  const userInfo = url.username === '' && url.password === '' ? '' : `${url.username}:***@`;
  const query = url.search === '' ? '' : `?${redactQuery(url.search.slice(1), (name) => SECRET_PARAM.test(name))}`;
  return `${url.protocol}//${userInfo}${url.host}${url.pathname}${query}`;
}

/**
 * A redirect target as printed in an error: no user-info, every query value hidden,
 * and the port always explicit so "different port" can be seen.
 */
export function describeRedirectTarget(url: URL): string {
  const query = url.search === '' ? '' : `?${redactQuery(url.search.slice(1), () => true)}`;
  // WHATWG URL keeps the brackets of an IPv6 hostname.
  return `${url.protocol}//${url.hostname}:${effectivePort(url)}${url.pathname}${query}`;
}

/** A target as echoed in an error: it may not parse as a URL, so user-info and every query value are hidden by pattern. */
export function redactTargetText(raw: string): string {
  return raw.replace(/^((?:[a-z][a-z0-9+.-]*:\/\/)?)[^/?#\s]*@/i, '$1***@').replace(/([?&][^=&#]*=)[^&#]*/g, '$1***');
}

// Works on the raw query so encoding and parameter order are kept as the server sent them.
function redactQuery(query: string, isSecret: (name: string) => boolean): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      const rawName = pair.slice(0, eq);
      return isSecret(decodeName(rawName)) ? `${rawName}=***` : pair;
    })
    .join('&');
}

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}
