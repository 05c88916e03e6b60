/*
 * What Go 1.25.5's net/url.parseHost accepts between brackets: netip.ParseAddr must read an
 * address that is not plain IPv4 (src/net/netip/netip.go: ParseAddr, parseIPv6,
 * parseIPv4Fields). The provider's redirect URI check runs it (see goUrlParse.ts).
 */

/** true, or Go's error text for `[literal]` in a URL's host. */
export function isGoIpLiteral(literal: string): true | string {
  const problem = parseAddrProblem(literal);
  if (problem === "is IPv4") return "invalid IP-literal";
  return problem === undefined
    ? true
    : `invalid host: ParseAddr(${JSON.stringify(literal)}): ${problem}`;
}

/** ParseAddr: the first of `.`, `:` or `%` decides the family. "is IPv4" when it reads IPv4. */
function parseAddrProblem(s: string): string | undefined {
  const first = /[.:%]/.exec(s)?.[0];
  if (first === ".") return ipv4FieldsProblem(s) ?? "is IPv4";
  if (first === ":") return ipv6Problem(s);
  if (first === "%") return "missing IPv6 address";
  return "unable to parse IP";
}

/** parseIPv4Fields: four decimal octets, no leading zero, none above 255. */
function ipv4FieldsProblem(s: string): string | undefined {
  let value = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c >= "0" && c <= "9") {
      if (digits === 1 && value === 0) return "IPv4 field has octet with leading zero";
      value = value * 10 + Number(c);
      digits++;
      if (value > 255) return "IPv4 field has value >255";
    } else if (c === ".") {
      if (i === 0 || i === s.length - 1 || s[i - 1] === ".") {
        return "IPv4 field must have at least one digit";
      }
      if (dots === 3) return "IPv4 address too long";
      dots++;
      value = 0;
      digits = 0;
    } else {
      return "unexpected character";
    }
  }
  return dots < 3 ? "IPv4 address too short" : undefined;
}

/** parseIPv6: up to eight hex groups, one `::`, an IPv4 tail in the last 32 bits, a zone after `%`. */
function ipv6Problem(input: string): string | undefined {
  let s = input;
  const percent = s.indexOf("%");
  if (percent !== -1) {
    if (percent === s.length - 1) return "zone must be a non-empty string";
    s = s.slice(0, percent);
  }
  let ellipsis = -1;
  if (s.startsWith("::")) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === "") return undefined;
  }
  let bytes = 0;
  while (bytes < 16) {
    const digits = /^[0-9A-Fa-f]*/.exec(s)![0].length;
    if (digits > 4) return "each group must have 4 or less digits";
    if (digits === 0) return "each colon-separated field must have at least one digit";
    if (s[digits] === ".") {
      if (ellipsis < 0 && bytes !== 12) {
        return "embedded IPv4 address must replace the final 2 fields of the address";
      }
      if (bytes + 4 > 16) {
        return "too many hex fields to fit an embedded IPv4 at the end of the address";
      }
      const problem = ipv4FieldsProblem(s);
      if (problem) return problem;
      s = "";
      bytes += 4;
      break;
    }
    bytes += 2;
    s = s.slice(digits);
    if (s === "") break;
    if (s[0] !== ":") return "unexpected character, want colon";
    if (s.length === 1) return "colon must be followed by more characters";
    s = s.slice(1);
    if (s[0] === ":") {
      if (ellipsis >= 0) return "multiple :: in address";
      ellipsis = bytes;
      s = s.slice(1);
      if (s === "") break;
    }
  }
  if (s !== "") return "trailing garbage after address";
  if (bytes < 16 && ellipsis < 0) return "address string too short";
  if (bytes === 16 && ellipsis >= 0) return "the :: must expand to at least one field of zeros";
  return undefined;
}
