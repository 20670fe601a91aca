// ESLint for the browser code (quiz/web/), its node tests (tests/js/) and this file: the recommended rules, and
// no name that is not declared or a global of the place the file runs (page, module worker, service worker, node).
// Run by tests/test_js_gates.py (make test); by hand: npx eslint

import js from "@eslint/js";
import globals from "globals";

export default [
  // Only these files: the site's other scripts (docs/assets) and the test harnesses (tests/*.mjs) are not gated.
  { ignores: ["**/*", "!quiz/", "!quiz/web/", "!quiz/web/*.js", "!tests/", "!tests/js/", "!tests/js/*.js", "!eslint.config.js"] },
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: "module" },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "no-implicit-globals": "error",
      "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }],
      eqeqeq: ["error", "always"],
      "no-var": "error",
      "prefer-const": "error",
    },
  },
  { files: ["quiz/web/**/*.js"], languageOptions: { globals: globals.browser } },
  {
    files: ["quiz/web/worker.js", "quiz/web/engine-snapshot.js"],
    languageOptions: { globals: globals.worker },
    // Its messages rethrow with the cause in the text (the page shows them); `{cause}` would add nothing shown.
    rules: { "preserve-caught-error": "off" },
  },
  {
    // A classic worker, as Material starts its search worker (quiz/site/search.py): importScripts, no modules.
    files: ["quiz/web/search-on-demand.js"],
    languageOptions: { sourceType: "script", globals: globals.worker },
  },
  {
    // A template: quiz/site/offline.py fills in the three names below when it writes sw.js.
    files: ["quiz/web/service-worker.js"],
    languageOptions: { globals: { ...globals.serviceworker, __PRECACHE__: "readonly", __RUNTIME__: "readonly" } },
  },
  { files: ["tests/js/**/*.js", "eslint.config.js"], languageOptions: { globals: globals.node } },
];
