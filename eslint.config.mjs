// ESLint for every JavaScript file of the repository (`npm run lint`, run by `make test`; Prettier formats them).
// Each group of files gets the globals of where it runs:
//   docs/javascripts/*.js       classic scripts in the page (file:// forbids modules): browser globals, one shared
//                               global scope, so nothing may leak into it by accident
//   docs/javascripts/*.mjs      the module worker that runs MicroPython (fees-worker.mjs)
//   site_scripts/assets/sw_template.js the service worker, whose __MPKJ_SW_*__ placeholders the build fills in
//   tests/**/*.js               browser scripts of test pages
//   *.mjs elsewhere             Node scripts (build and test tools, this file)
// No HTML sinks anywhere: pages are built with createElement/textContent, never from markup strings.
import js from "@eslint/js";
import noUnsanitized from "eslint-plugin-no-unsanitized";
import globals from "globals";

const HTML_SINKS = [
  ...["innerHTML", "outerHTML"].map((property) => ({
    selector: `AssignmentExpression > MemberExpression.left[property.name='${property}']`,
    message: `No ${property}: build elements with createElement and textContent.`,
  })),
  ...["insertAdjacentHTML", "createContextualFragment", "setHTMLUnsafe", "parseHTMLUnsafe", "parseFromString"].map(
    (method) => ({
      selector: `CallExpression > MemberExpression.callee[property.name='${method}']`,
      message: `No ${method}: build elements with createElement and textContent.`,
    }),
  ),
];

export default [
  {
    ignores: ["node_modules/", "site/", "build/", "dist/", ".venv/", "bench-results/"],
  },
  js.configs.recommended,
  noUnsanitized.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      eqeqeq: ["error", "smart"],
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      "no-restricted-syntax": ["error", ...HTML_SINKS],
      "no-restricted-properties": [
        "error",
        { object: "document", property: "write", message: "No document.write." },
        { object: "document", property: "writeln", message: "No document.writeln." },
      ],
      "prefer-const": "error",
      "no-var": "off", // embed.js runs on other websites' pages and keeps to var on purpose
    },
  },
  {
    files: ["docs/javascripts/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser },
    },
    rules: {
      "no-implicit-globals": "error",
      strict: ["error", "function"],
    },
  },
  {
    files: ["docs/javascripts/**/*.mjs"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: {
        ...globals.worker,
        // Offline (file://) the worker is bundled after micropython.mjs, which defines it
        // (site_scripts/assets/micropython_assets.py).
        loadMicroPython: "readonly",
      },
    },
  },
  {
    files: ["site_scripts/assets/sw_template.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: {
        ...globals.serviceworker,
        // Filled in by site_scripts/assets/service_worker.py with JSON values.
        __MPKJ_SW_FILES__: "readonly",
        __MPKJ_SW_PRECACHE__: "readonly",
        __MPKJ_SW_RUNTIME__: "readonly",
        __MPKJ_SW_LARGE__: "readonly",
        __MPKJ_SW_QUERY__: "readonly",
      },
    },
    rules: {
      strict: ["error", "global"],
    },
  },
  {
    files: ["tests/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser, MPKjFees: "readonly" }, // test pages driving fees.js
    },
  },
  {
    files: ["site_scripts/**/*.mjs", "tests/**/*.mjs", "eslint.config.mjs"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.node },
    },
    rules: {
      // Node tools import the interpreter from a path given on their command line: no DOM, no HTML sinks to guard.
      "no-unsanitized/method": "off",
      "no-unsanitized/property": "off",
    },
  },
];
