// A module that loads only when first used. Jest gives every test file a fresh module registry, so
// each file that imports @pulumi/pulumi evaluates the whole SDK again; the SDK requires TypeScript
// (runtime/closure/parseFunction.js) and @npmcli/arborist (runtime/closure/codePaths.js) at load
// time, though only function serialization uses them, and the two are most of its load time.
// jest.config.js maps those two requires here; a test that serializes a function still gets the
// real modules, loaded on first use.
"use strict";

module.exports = function lazyModule(load) {
  let real;
  const target = () => (real ??= load());
  return new Proxy(
    {},
    {
      // `__esModule` keeps TypeScript's __importStar from copying every export (which would load).
      get: (_, key) => (key === "__esModule" ? true : target()[key]),
      has: (_, key) => key in target(),
      ownKeys: () => Reflect.ownKeys(target()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Object.getOwnPropertyDescriptor(target(), key);
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
};
