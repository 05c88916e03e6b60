// The guardrail policy pack: `pulumi preview --policy-pack policy` (see README "Guardrails").
// Its rules are the functions in guardrails/rules.ts that the program's config validation uses.
import { PolicyPack } from "@pulumi/policy";
import { guardrailPolicies } from "./guardrailPolicies";

new PolicyPack("entra-graph-apps-guardrails", {
  policies: guardrailPolicies(() => new Date()),
});
