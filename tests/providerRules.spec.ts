import fc from "fast-check";
import { formatProblem } from "../program/config/configProblem";
import { goUrlParse } from "../program/config/goUrlParse";
import { RawStackConfig, validateStackConfig } from "../program/config/validateStackConfig";
import { redirectUriProblems } from "../program/config/settings/redirectUris";
import { MAX_FEDERATED_FIELD_LENGTH } from "../tools/tenant/directory/federatedCredentialStore";
import { federatedIdentityCredentialModel } from "../tools/tenant/provider/federatedIdentityCredential";
import { checkInputs } from "../tools/tenant/provider/schema";
import { isRedirectUri } from "../tools/tenant/provider/validators";
import verdicts from "../tools/engine/redirecturi/verdicts.json";

/**
 * Config accepts only what the azuread provider (v3.8.0) accepts, checked on the raw string:
 * the simulated tenant's provider checks agree with Go's own url.Parse on a recorded corpus, and
 * config validation agrees with those checks on generated values (issue 24, finding 11).
 */
const TODAY = new Date("2026-11-22T09:30:00Z");
const KEY = "web.0.redirect_uris.0";
const providerRedirectUri = isRedirectUri(true);
const providerAccepts = (uri: string) => providerRedirectUri(uri, KEY).length === 0;
const configAccepts = (uri: string) => redirectUriProblems(uri).length === 0;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function problemsOf(settings: Record<string, unknown>): string[] {
  const raw: RawStackConfig = { apps: { web: { displayName: "Web", ...settings } } };
  return validateStackConfig(raw, TODAY).problems.map(formatProblem);
}

describe("the provider's redirect URI check (the simulated tenant's copy)", () => {
  it("says what Go 1.25.5's url.Parse and uri.go say, URI for URI, on the recorded corpus", () => {
    // tools/engine/redirecturi/verdicts.json: written by main.go on Go 1.25.5 (refresh.ts).
    const rows = verdicts as { uri: string; refusal: string | null; parses: boolean }[];
    expect(rows.length).toBeGreaterThan(1000);
    const disagreements = rows.filter(
      (row) =>
        (providerRedirectUri(row.uri, KEY)[0] ?? null) !== row.refusal ||
        (goUrlParse(row.uri).error === undefined) !== row.parses,
    );
    expect(disagreements).toEqual([]);
    // Both verdicts are well represented.
    expect(rows.filter((row) => row.refusal === null).length).toBeGreaterThan(200);
  });
});

describe("config validation of redirect URIs against the provider's check", () => {
  it("accepts none that the provider refuses, on the recorded corpus", () => {
    const rows = verdicts as { uri: string; refusal: string | null }[];
    expect(rows.filter((row) => row.refusal !== null && configAccepts(row.uri))).toEqual([]);
  });

  it("refuses a tab or a line break the URL parser of JavaScript would drop (finding 11)", () => {
    expect(
      problemsOf({
        redirectUris: ["https://app.contoso.com/cb\t", "https://app.contoso.com/cb\n"],
      }),
    ).toEqual([
      'apps.web.redirectUris[0] = "https://app.contoso.com/cb\\t": contains a control character, U+0009 (tab) at character 27: a redirect URI must match the one an app sends character for character, a control character is invisible in review, and the azuread provider (Go\'s url.Parse) refuses any below U+0020 and U+007F. Remove it (a YAML "|" or ">" block ends the value with a line break, and a "\\n" or "\\t" escape in double quotes puts one in; write a plain or single-quoted string)',
      'apps.web.redirectUris[1] = "https://app.contoso.com/cb\\n": contains a control character, U+000A (line feed) at character 27: a redirect URI must match the one an app sends character for character, a control character is invisible in review, and the azuread provider (Go\'s url.Parse) refuses any below U+0020 and U+007F. Remove it (a YAML "|" or ">" block ends the value with a line break, and a "\\n" or "\\t" escape in double quotes puts one in; write a plain or single-quoted string)',
    ]);
    expect(new URL("https://app.contoso.com/cb\t").href).toBe("https://app.contoso.com/cb");
  });

  it("names Go's reason for what url.Parse refuses", () => {
    expect(
      problemsOf({
        redirectUris: [
          "https://app contoso.com/cb",
          "https://app.contoso.com/%zz",
          "https://app.contoso.com:44x/cb",
          "https://app%41.contoso.com/cb",
        ],
      }),
    ).toEqual([
      'apps.web.redirectUris[0] = "https://app contoso.com/cb": is not a URL the azuread provider accepts (Go\'s url.Parse: invalid character " " in host name); write a full URL such as https://app.contoso.com/callback',
      'apps.web.redirectUris[1] = "https://app.contoso.com/%zz": is not a URL the azuread provider accepts (Go\'s url.Parse: invalid URL escape "%zz"); write a full URL such as https://app.contoso.com/callback',
      'apps.web.redirectUris[2] = "https://app.contoso.com:44x/cb": is not a URL the azuread provider accepts (Go\'s url.Parse: invalid port ":44x" after host); write a full URL such as https://app.contoso.com/callback',
      'apps.web.redirectUris[3] = "https://app%41.contoso.com/cb": is not a URL the azuread provider accepts (Go\'s url.Parse: invalid URL escape "%41"); write a full URL such as https://app.contoso.com/callback',
    ]);
  });

  // Plain https URIs, where config's own rules (https only, no wildcard, credentials, fragment,
  // ! $ ' ( ) , ;, what a browser cannot open) have nothing to say, each perhaps broken in a way
  // the provider refuses, or with a C1 control character, which only config refuses.
  const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
  const plainUri = fc
    .record({
      scheme: fc.constantFrom("https", "HTTPS", "Https"),
      host: fc.oneof(
        // A browser reads a host ending in a number as IPv4: the last label is a top-level domain.
        fc
          .tuple(fc.array(label, { maxLength: 3 }), fc.stringMatching(/^[a-z]{2,6}$/))
          .map(([labels, tld]) => [...labels, tld].join(".")),
        fc.constantFrom("[::1]", "[2001:db8::1]", "[::ffff:10.0.0.1]"),
      ),
      port: fc.option(
        fc.integer({ min: 1, max: 65535 }).map((port) => `:${port}`),
        { nil: "" },
      ),
      path: fc.array(fc.stringMatching(/^([A-Za-z0-9\-._~:@&=+]|%[0-9A-F]{2}){0,10}$/), {
        maxLength: 4,
      }),
      query: fc.option(fc.stringMatching(/^\?[a-z0-9=&]{0,12}$/), { nil: "" }),
    })
    .map(
      ({ scheme, host, port, path, query }) =>
        `${scheme}://${host}${port}/${path.join("/")}${query}`,
    );
  const breakage = fc.oneof(
    fc.constant(undefined),
    fc.record({ insert: fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f) }),
    fc.constantFrom(
      { replace: /\/$|\/(?=\?)/, by: "" }, // no path
      { replace: /(?<=\/\/[^/]*)\//, by: "/%zz/" }, // bad escape
      // Go 1.25.5 reads only what is inside brackets: "a b.[::1]" passes, so not before a "[".
      { replace: /(?<=:\/\/)(?!\[)/, by: "a b." }, // space in the host
      { replace: /(?<=:\/\/[^/]*)(?=\/)/, by: ":8o" }, // port with a letter
      { replace: /(?<=:\/\/)(?!\[)/, by: "x%2F" }, // escaped ASCII in the host
    ),
  );

  it("accepts exactly what the provider accepts, apart from C1 control characters (property)", () => {
    fc.assert(
      fc.property(plainUri, breakage, fc.nat(), (uri, broken, at) => {
        let value = uri;
        if (broken && "insert" in broken) {
          const where = at % (uri.length + 1);
          value = uri.slice(0, where) + String.fromCharCode(broken.insert) + uri.slice(where);
        } else if (broken) {
          value = uri.replace(broken.replace, broken.by);
        }
        expect(configAccepts(value)).toBe(providerAccepts(value) && !CONTROL.test(value));
      }),
      { numRuns: 400 },
    );
  });

  it("accepts none the provider refuses, whatever the text (property)", () => {
    const anyText = fc.string({
      unit: fc.constantFrom(..."hts:/[]@%?#.:a1 \t\n\u0085é<>{}|\\^`"),
      maxLength: 30,
    });
    fc.assert(
      fc.property(
        fc.oneof(
          anyText,
          anyText.map((tail) => `https://${tail}`),
        ),
        (uri) => {
          if (configAccepts(uri)) expect(providerAccepts(uri)).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("config validation of federated credential fields against the provider and Graph", () => {
  /** The provider's checks on azuread_application_federated_identity_credential, then Graph's length. */
  function tenantAccepts(subject: string, issuer: string, audience: string): boolean {
    const inputs = {
      applicationId: "/applications/x",
      audiences: [audience],
      displayName: "idp",
      issuer,
      subject,
    };
    return (
      checkInputs(federatedIdentityCredentialModel.fields, inputs).length === 0 &&
      [subject, issuer, audience].every(
        (v) => v.length > 0 && v.length <= MAX_FEDERATED_FIELD_LENGTH,
      )
    );
  }
  const text = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.string({ unit: "binary", maxLength: 20 }),
    fc.string({ maxLength: 20 }).map((s) => `${s}\n::warning::x`),
  );

  it("accept exactly what the tenant accepts, apart from control characters (property)", () => {
    fc.assert(
      fc.property(text, fc.constantFrom("subject", "issuer", "audience"), (value, field) => {
        const fields = {
          subject: "svc-42",
          issuer: "https://idp.contoso.com/",
          audience: "api://x",
        };
        fields[field] = field === "issuer" ? `https://idp.contoso.com/${value}` : value;
        const configOk =
          problemsOf({
            clientSecret: false,
            federatedCredentials: {
              idp: { issuer: fields.issuer, subject: fields.subject, audiences: [fields.audience] },
            },
          }).length === 0;
        const anyControl = CONTROL.test(fields[field]);
        expect(configOk).toBe(
          tenantAccepts(fields.subject, fields.issuer, fields.audience) && !anyControl,
        );
      }),
      { numRuns: 150 },
    );
  });

  it("refuse a line break in every field, GitHub names included, naming the path (finding 10's route in)", () => {
    const github = (spec: Record<string, string>) => ({
      github: { repository: "contoso/app", ...spec },
    });
    const problems = problemsOf({
      clientSecret: false,
      federatedCredentials: {
        a: {
          issuer: "https://idp.contoso.com/\n",
          subject: "s\n::add-mask::x",
          audiences: ["api://x\r"],
        },
        b: github({ branch: "main\n::stop-commands::x" }),
        c: github({ environment: "prod\u0085" }),
        d: github({ tag: "v1\u0000" }),
      },
    });
    expect(
      problems.map((problem) => problem.replace(/ = .*?: contains a control character, /, " → ")),
    ).toEqual([
      expect.stringMatching(
        /^apps\.web\.federatedCredentials\.a\.issuer → U\+000A \(line feed\) at character 25: Entra compares it character for character with the token's iss claim/,
      ),
      expect.stringMatching(
        /^apps\.web\.federatedCredentials\.a\.subject → U\+000A \(line feed\) at character 2: .* sub claim/,
      ),
      expect.stringMatching(
        /^apps\.web\.federatedCredentials\.a\.audiences\[0\] → U\+000D \(carriage return\) at character 8: .* aud claim/,
      ),
      expect.stringMatching(
        /^apps\.web\.federatedCredentials\.b\.github\.branch → U\+000A \(line feed\) at character 5: it becomes part of the token subject, and GitHub never issues a branch name holding one/,
      ),
      expect.stringMatching(
        /^apps\.web\.federatedCredentials\.c\.github\.environment → U\+0085 \(next line\) at character 5: .*environment name/,
      ),
      expect.stringMatching(
        /^apps\.web\.federatedCredentials\.d\.github\.tag → U\+0000 \(NUL\) at character 3: .*tag name/,
      ),
    ]);
    // The fix is in every message, and no line of the output starts a workflow command.
    expect(problems.every((problem) => problem.includes(". Remove it ("))).toBe(true);
    expect(problems.join("\n").split("\n")).toHaveLength(6);
  });

  it("keep line feeds in notes, which may span lines, and refuse other control characters", () => {
    expect(problemsOf({ notes: "Owned by platform.\nOn call: #mail" })).toEqual([]);
    expect(problemsOf({ notes: "Owned by platform.\r\nOn call" })).toEqual([
      expect.stringMatching(
        /^apps\.web\.notes = "Owned by platform\.\\r\\nOn call": contains a control character, U\+000D \(carriage return\) at character 19: /,
      ),
    ]);
    expect(problemsOf({ displayName: "Mail\n" })).toEqual([
      expect.stringMatching(
        /^apps\.web\.displayName = "Mail\\n": must be one line without control characters \(it is the name shown in the Entra portal and in every review\); U\+000A \(line feed\) at character 5 is one\. Remove it/,
      ),
    ]);
  });
});
