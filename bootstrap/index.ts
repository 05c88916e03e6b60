import * as pulumi from "@pulumi/pulumi";
import { BOOTSTRAP_NAMESPACE, bootstrapConfig } from "./bootstrapConfig";
import { createBootstrap } from "./createBootstrap";

/** Entry of the optional bootstrap program (`pulumi -C bootstrap up`); see README "The bootstrap program". */
export = async () => {
  const config = new pulumi.Config(BOOTSTRAP_NAMESPACE);
  return createBootstrap(bootstrapConfig((key) => config.get(key)));
};
