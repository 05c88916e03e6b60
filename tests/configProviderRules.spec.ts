import { formatProblem } from "../program/config/configProblem";
import { RawStackConfig, validateStackConfig } from "../program/config/validateStackConfig";

/**
 * What the azuread provider (v3.8.0) or Microsoft Graph would refuse at `pulumi up` is refused
 * by config validation first, with the config path, the value and the fix.
 */
const TODAY = new Date("2026-11-22T09:30:00Z");

function problemsOf(raw: RawStackConfig): string[] {
  return validateStackConfig(raw, TODAY).problems.map(formatProblem);
}

function appWith(settings: Record<string, unknown>): RawStackConfig {
  return { apps: { web: { displayName: "Web", ...settings } } };
}

/** `count` distinct owner object IDs; `first` makes sets that do not overlap. */
function owners(count: number, first = 0): string[] {
  return Array.from(
    { length: count },
    (_, i) => `${(first + i).toString(16).padStart(8, "0")}-8d4a-4b7e-9c2f-1a5d6e7f8091`,
  );
}

/** How formatProblem shows a long string value. */
const shown = (value: string) => `${JSON.stringify(value).slice(0, 77)}...`;

describe("redirect URIs", () => {
  const uriProblems = (...redirectUris: string[]) => problemsOf(appWith({ redirectUris }));

  it("accept https URIs with a path or a trailing slash, and http for localhost", () => {
    expect(
      uriProblems(
        "https://app.contoso.com/",
        "https://app.contoso.com/callback",
        "https://app.contoso.com/?tenant=contoso",
        "HTTPS://APP.CONTOSO.COM/upper",
        "http://localhost:3000/",
        "http://127.0.0.1/cb",
        "http://[::1]:8080/cb",
        `https://app.contoso.com/${"x".repeat(232)}`, // exactly 256 characters
      ),
    ).toEqual([]);
  });

  it("need a trailing slash when there is no path, as the provider's IsRedirectUriFunc does", () => {
    expect(
      uriProblems("https://app.contoso.com", "http://localhost:3000", "https://a.contoso.com?x=1"),
    ).toEqual([
      'apps.web.redirectUris[0] = "https://app.contoso.com": has no path, and the azuread provider refuses a redirect URI without one; add a trailing slash: https://app.contoso.com/',
      'apps.web.redirectUris[1] = "http://localhost:3000": has no path, and the azuread provider refuses a redirect URI without one; add a trailing slash: http://localhost:3000/',
      'apps.web.redirectUris[2] = "https://a.contoso.com?x=1": has no path, and the azuread provider refuses a redirect URI without one; add a trailing slash: https://a.contoso.com/?x=1',
    ]);
  });

  it("refuse wildcards and credentials, saying why", () => {
    expect(
      uriProblems("https://*.contoso.com/", "https://alice:s3cret@app.contoso.com/cb"),
    ).toEqual([
      'apps.web.redirectUris[0] = "https://*.contoso.com/": contains a wildcard (*): a wildcard lets any matching subdomain receive sign-in tokens; list each exact redirect URI instead',
      'apps.web.redirectUris[1] = "https://alice:s3cret@app.contoso.com/cb": contains credentials (user:password@): credentials in a URL leak into logs, browser history and Referer headers, and a redirect URI never needs them; remove everything up to and including the @',
    ]);
  });

  it("refuse URIs Go's url.Parse reads without a host, however a browser would read them", () => {
    expect(uriProblems("https:///callback", "https:app.contoso.com/cb", "")).toEqual([
      'apps.web.redirectUris[0] = "https:///callback": has no host; write a full URL such as https://app.contoso.com/callback',
      'apps.web.redirectUris[1] = "https:app.contoso.com/cb": is not a URL; write a full URL such as https://app.contoso.com/callback',
      'apps.web.redirectUris[2] = "": must not be empty; write a full URL such as https://app.contoso.com/callback',
    ]);
  });

  it("refuse more than 256 characters, Entra's unsupported characters and more than 256 URIs", () => {
    const long = `https://app.contoso.com/${"x".repeat(233)}`;
    expect(uriProblems(long, "https://app.contoso.com/a(1)")).toEqual([
      `apps.web.redirectUris[0] = ${shown(long)}: is 257 characters long; Entra and the azuread provider allow at most 256. Use a shorter URL`,
      `apps.web.redirectUris[1] = "https://app.contoso.com/a(1)": contains ( ): Entra does not support the characters ! $ ' ( ) , ; in redirect URIs; remove them`,
    ]);
    const many = Array.from({ length: 257 }, (_, i) => `https://app.contoso.com/${i}`);
    expect(uriProblems(...many)).toEqual([
      "apps.web.redirectUris: lists 257 redirect URIs; an app can have at most 256 (Entra's and the azuread provider's limit). Remove 1",
    ]);
  });
});

describe("federated credentials", () => {
  const ficProblems = (federatedCredentials: Record<string, unknown>) =>
    problemsOf(appWith({ clientSecret: false, federatedCredentials }));
  const explicit = { issuer: "https://idp.contoso.com", subject: "svc-42" };

  it("take exactly one audience", () => {
    expect(ficProblems({ a: { ...explicit, audiences: ["api://custom"] } })).toEqual([]);
    expect(
      ficProblems({
        none: { ...explicit, audiences: [] },
        two: { ...explicit, subject: "svc-43", audiences: ["api://AzureADTokenExchange", "x"] },
        blank: { ...explicit, subject: "svc-44", audiences: [""] },
      }),
    ).toEqual([
      "apps.web.federatedCredentials.none.audiences = []: is empty, but Entra needs exactly one audience; e.g. audiences: [api://AzureADTokenExchange], or leave audiences out for that default",
      'apps.web.federatedCredentials.two.audiences = ["api://AzureADTokenExchange","x"]: lists 2 audiences, but Entra accepts exactly one per federated credential; keep one, and add another credential for each other audience',
      'apps.web.federatedCredentials.blank.audiences[0] = "": must not be empty (the provider refuses it); e.g. audiences: [api://AzureADTokenExchange], or leave audiences out for that default',
    ]);
  });

  it("have URL-friendly names of at most 120 characters", () => {
    const github = { github: { repository: "contoso/infra", branch: "main" } };
    expect(ficProblems({ ["n".repeat(120)]: github })).toEqual([]);
    expect(ficProblems({ "prod deploy": github, ["n".repeat(121)]: github })).toEqual([
      `apps.web.federatedCredentials.prod deploy = "prod deploy": is not a valid name: it is the credential's name in Entra, which must be URL-friendly and at most 120 characters, so use 1-120 letters, digits, dashes and underscores, e.g. prod-deploy`,
      `apps.web.federatedCredentials.${"n".repeat(121)} = ${shown("n".repeat(121))}: is not a valid name: it is the credential's name in Entra, which must be URL-friendly and at most 120 characters, so use 1-120 letters, digits, dashes and underscores, e.g. main`,
    ]);
  });

  it("have an issuer, a subject and an audience of at most 600 characters each", () => {
    const issuer = `https://idp.contoso.com/${"i".repeat(577)}`;
    const subject = "s".repeat(601);
    const audience = "a".repeat(601);
    expect(ficProblems({ a: { issuer, subject, audiences: [audience] } })).toEqual([
      `apps.web.federatedCredentials.a.issuer = ${shown(issuer)}: is 601 characters long; Entra allows at most 600 for an issuer. Shorten it`,
      `apps.web.federatedCredentials.a.subject = ${shown(subject)}: is 601 characters long; Entra allows at most 600 for a subject. Shorten it`,
      `apps.web.federatedCredentials.a.audiences[0] = ${shown(audience)}: is 601 characters long; Entra allows at most 600 for an audience. Shorten it`,
    ]);
  });

  it("check the subject built from a GitHub or Kubernetes spec, not only an explicit one", () => {
    // "repo:contoso/infra:environment:" is 31 characters.
    const fits = "e".repeat(569);
    const tooLong = "e".repeat(570);
    const github = (environment: string) => ({
      github: { repository: "contoso/infra", environment },
    });
    expect(ficProblems({ a: github(fits) })).toEqual([]);
    expect(ficProblems({ a: github(tooLong) })).toEqual([
      `apps.web.federatedCredentials.a.github.environment = ${shown(tooLong)}: makes the token subject 601 characters long; Entra allows at most 600. Use a shorter environment name`,
    ]);
    const serviceAccount = "s".repeat(574);
    expect(
      ficProblems({
        k: {
          kubernetes: { issuer: "https://oidc.contoso.com/", namespace: "mail", serviceAccount },
        },
      }),
    ).toEqual([
      // "system:serviceaccount:mail:" is 27 characters.
      `apps.web.federatedCredentials.k.kubernetes.serviceAccount = ${shown(serviceAccount)}: makes the token subject 601 characters long; Entra allows at most 600. Use a shorter service account name`,
    ]);
  });
});

describe("notes", () => {
  it('refuse notes: "" as the provider does, and accept any text', () => {
    expect(problemsOf(appWith({ notes: "" }))).toEqual([
      'apps.web.notes = "": must not be empty: the azuread provider refuses notes: ""; remove notes or write some text',
    ]);
    expect(problemsOf({ defaults: { notes: "" }, apps: { web: { displayName: "Web" } } })).toEqual([
      'defaults.notes = "": must not be empty: the azuread provider refuses notes: ""; remove notes or write some text',
    ]);
    expect(problemsOf(appWith({ notes: "owned by the platform team" }))).toEqual([]);
  });
});

describe("owners", () => {
  it("are at most 100 per application, counted once whatever their case", () => {
    expect(problemsOf(appWith({ owners: owners(100) }))).toEqual([]);
    expect(problemsOf(appWith({ owners: owners(101) }))).toEqual([
      "apps.web.owners: lists 101 owners; an application can have at most 100 (the azuread provider refuses more). Remove 1",
    ]);
    const [owner] = owners(1);
    expect(problemsOf(appWith({ owners: [owner, owner.toUpperCase()] }))).toEqual([
      `apps.web.owners[1] = "${owner.toUpperCase()}": duplicate owner; list each owner once`,
    ]);
  });

  it("count defaults.owners and the app's own together, de-duplicated without case", () => {
    const shared = owners(60);
    // 40 of the app's own are also in defaults, in upper case: 60 + 40 distinct = 100.
    const overlapping = [...owners(40, 20).map((id) => id.toUpperCase()), ...owners(40, 60)];
    const result = validateStackConfig(
      { defaults: { owners: shared }, apps: { web: { displayName: "Web", owners: overlapping } } },
      TODAY,
    );
    expect(result.problems).toEqual([]);
    expect(result.apps[0].owners).toEqual(owners(100));
    expect(
      problemsOf({
        defaults: { owners: shared },
        apps: {
          web: { displayName: "Web", owners: owners(41, 60) },
          api: { displayName: "API" },
        },
      }),
    ).toEqual([
      "apps.web.owners: together with defaults.owners makes 101 owners; an application can have at most 100 (the azuread provider refuses more). Remove 1 here or in defaults.owners",
    ]);
  });
});

describe("federated credential renames", () => {
  const github = { repository: "contoso/app", environment: "production" };

  it("accept an old name that is no longer in use", () => {
    expect(
      problemsOf(
        appWith({ federatedCredentials: { production: { github, renamedFrom: ["prod"] } } }),
      ),
    ).toEqual([]);
  });

  it("refuse an old name that is still a credential, or claimed by two credentials", () => {
    expect(
      problemsOf(
        appWith({
          federatedCredentials: {
            prod: { github, renamedFrom: ["staging"] },
            staging: { github: { ...github, environment: "staging" }, renamedFrom: ["old"] },
            other: { github: { ...github, environment: "other" }, renamedFrom: ["old"] },
          },
        }),
      ),
    ).toEqual([
      'apps.web.federatedCredentials.prod.renamedFrom = "staging": is still the name of a credential of this app; list a name only after renaming it',
      'apps.web.federatedCredentials.other.renamedFrom = "old": is already claimed by federatedCredentials.staging; one credential keeps an old name',
    ]);
  });
});
