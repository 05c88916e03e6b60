import { isGoIpLiteral } from "./goNetip";

/*
 * Go's net/url.Parse exactly as the azuread provider runs it: terraform-provider-azuread v3.8.0
 * is built with Go 1.25.5 (its .go-version), so this follows src/net/url/url.go of that release
 * (Parse, parse, getScheme, parseAuthority, parseHost, validUserinfo, unescape, shouldEscape,
 * stringContainsCTLByte). Go 1.26 differs (colons and brackets in hosts): the provider does not
 * run it. The check is on the raw text, byte for byte as Go sees it: nothing is trimmed or
 * normalised first, as JavaScript's URL parser would (it drops a tab or a newline anywhere).
 * A JavaScript string is indexed by UTF-16 units, Go's by bytes; every rule below looks only at
 * ASCII, so both agree (a non-ASCII character is "not ASCII" in either).
 */

/** What Parse gives back, as far as the provider's IsUriFunc reads it. */
export interface GoUrl {
  scheme: string;
  /** Unescaped host with its port (`u.Host`). */
  host: string;
  /** Unescaped path (`u.Path`); "" for an opaque URI such as `https:host/cb`. */
  path: string;
}

export type GoUrlResult = { url: GoUrl; error?: undefined } | { url?: undefined; error: string };

/** parse.go's stringContainsCTLByte: bytes below 0x20 and 0x7f. */
const CTL_BYTE = /[\u0000-\u001f\u007f]/;

/** url.Parse(raw): the URL, or Go's error text (without the `parse "…": ` prefix). */
export function goUrlParse(raw: string): GoUrlResult {
  const hash = raw.indexOf("#");
  const beforeFragment = hash === -1 ? raw : raw.slice(0, hash);
  const parsed = parseWithoutFragment(beforeFragment);
  if (parsed.error !== undefined || hash === -1) return parsed;
  // setFragment: only the escapes are checked; a control character after # passes.
  const fragmentError = unescapeError(raw.slice(hash + 1), "fragment");
  return fragmentError ? { error: fragmentError } : parsed;
}

function parseWithoutFragment(raw: string): GoUrlResult {
  if (CTL_BYTE.test(raw)) return { error: "net/url: invalid control character in URL" };
  if (raw === "*") return { url: { scheme: "", host: "", path: "*" } };
  const split = getScheme(raw);
  if ("error" in split) return { error: split.error };
  const scheme = split.scheme.toLowerCase();
  let rest = split.rest;
  if (rest.endsWith("?") && rest.indexOf("?") === rest.length - 1) rest = rest.slice(0, -1);
  else if (rest.includes("?")) rest = rest.slice(0, rest.indexOf("?"));
  if (!rest.startsWith("/")) {
    // Rootless paths after a scheme are opaque: no host, no path.
    if (scheme !== "") return { url: { scheme, host: "", path: "" } };
    if (rest.split("/")[0].includes(":")) {
      return { error: "first path segment in URL cannot contain colon" };
    }
  }
  let host = "";
  if ((scheme !== "" || !rest.startsWith("///")) && rest.startsWith("//")) {
    let authority = rest.slice(2);
    const slash = authority.indexOf("/");
    rest = slash === -1 ? "" : authority.slice(slash);
    authority = slash === -1 ? authority : authority.slice(0, slash);
    const parsedAuthority = parseAuthority(authority);
    if ("error" in parsedAuthority) return { error: parsedAuthority.error };
    host = parsedAuthority.host;
  }
  const pathError = unescapeError(rest, "path");
  if (pathError) return { error: pathError };
  return { url: { scheme, host, path: goUnescape(rest) } };
}

function getScheme(raw: string): { scheme: string; rest: string } | { error: string } {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+.-]/.test(c)) {
      if (i === 0) return { scheme: "", rest: raw };
      continue;
    }
    if (c === ":") {
      return i === 0
        ? { error: "missing protocol scheme" }
        : { scheme: raw.slice(0, i), rest: raw.slice(i + 1) };
    }
    return { scheme: "", rest: raw };
  }
  return { scheme: "", rest: raw };
}

function parseAuthority(authority: string): { host: string } | { error: string } {
  const at = authority.lastIndexOf("@");
  const host = parseHost(at === -1 ? authority : authority.slice(at + 1));
  if ("error" in host || at === -1) return host;
  const userinfo = authority.slice(0, at);
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) {
    return { error: "net/url: invalid userinfo" };
  }
  // Cut at the first colon into user and password, each unescaped: the same %-escapes as a whole.
  const error = unescapeError(userinfo, "userinfo");
  return error ? { error } : host;
}

/** parseHost (Go 1.25.5): an IP literal in brackets, or a name with an optional :port. */
function parseHost(host: string): { host: string } | { error: string } {
  const open = host.lastIndexOf("[");
  if (open !== -1) {
    const close = host.lastIndexOf("]");
    if (close < 0) return { error: "missing ']' in host" };
    const colonPort = host.slice(close + 1);
    if (!/^(:[0-9]*)?$/.test(colonPort)) {
      return { error: `invalid port ${JSON.stringify(colonPort)} after host` };
    }
    // The port check above has refused "]" before "[" (the port would hold the "["), so this
    // slice is well formed, as Go's host[open+1:close] must be.
    const hostname = host.slice(open + 1, close);
    const zone = hostname.indexOf("%25");
    const error =
      zone === -1
        ? unescapeError(hostname, "host")
        : (unescapeError(hostname.slice(0, zone), "host") ??
          unescapeError(hostname.slice(zone), "zone"));
    if (error) return { error };
    const literal = isGoIpLiteral(goUnescape(hostname));
    if (literal !== true) return { error: literal };
    return { host: `[${goUnescape(hostname)}]${colonPort}` };
  }
  const colon = host.lastIndexOf(":");
  if (colon !== -1 && !/^:[0-9]*$/.test(host.slice(colon))) {
    return { error: `invalid port ${JSON.stringify(host.slice(colon))} after host` };
  }
  const error = unescapeError(host, "host");
  return error ? { error } : { host: goUnescape(host) };
}

type EscapeMode = "host" | "zone" | "path" | "userinfo" | "fragment";

/** ASCII a host may hold unescaped (shouldEscape with encodeHost or encodeZone is false). */
const HOST_ASCII = /[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]/;

/** The error unescape(s, mode) returns, if any: a bad %-escape, or a character a host refuses. */
function unescapeError(s: string, mode: EscapeMode): string | undefined {
  for (let i = 0; i < s.length;) {
    const c = s[i];
    if (c === "%") {
      const escape = s.slice(i, i + 3);
      if (!/^%[0-9A-Fa-f]{2}$/.test(escape)) return `invalid URL escape ${JSON.stringify(escape)}`;
      // RFC 3986: a host %-encodes only non-ASCII bytes, but %25 (RFC 6874 zones) is allowed.
      if (mode === "host" && parseInt(escape[1], 16) < 8 && escape !== "%25") {
        return `invalid URL escape ${JSON.stringify(escape)}`;
      }
      if (mode === "zone") {
        const byte = parseInt(escape.slice(1), 16);
        const char = String.fromCharCode(byte);
        // Escapes may only spell what a host could hold (a space too): no byte >= 0x80.
        if (escape !== "%25" && char !== " " && !(byte < 0x80 && HOST_ASCII.test(char))) {
          return `invalid URL escape ${JSON.stringify(escape)}`;
        }
      }
      i += 3;
      continue;
    }
    if ((mode === "host" || mode === "zone") && c.charCodeAt(0) < 0x80 && !HOST_ASCII.test(c)) {
      return `invalid character ${JSON.stringify(c)} in host name`;
    }
    i++;
  }
  return undefined;
}

/** %XX decoded (called only on text unescapeError accepted); bytes as Latin-1 units suffice here. */
function goUnescape(s: string): string {
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}
