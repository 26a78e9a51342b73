import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The layers of lib/ as lint rules, so the bundler's and the database's boundaries hold without review:
// a "use client" module may import only lib/shared/ (pure and browser-safe), and nothing under app/ may
// reach the database client: pages, actions and route handlers call lib/ functions instead.
const clientImportsOnlyShared = {
  meta: {
    type: "problem",
    messages: { notShared: "A client module may import only @/lib/shared/* (got {{source}})." },
  },
  create(context) {
    const isClient = context.sourceCode.ast.body.some(
      (node) => node.type === "ExpressionStatement" && node.directive === "use client",
    );
    if (!isClient) return {};
    const check = (node, source) => {
      if (typeof source === "string" && source.startsWith("@/lib/") && !source.startsWith("@/lib/shared/")) {
        context.report({ node, messageId: "notShared", data: { source } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => check(node, node.source?.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
    };
  },
};

const config = [
  ...nextVitals,
  ...nextTs,
  {
    rules: { "@typescript-eslint/no-unused-vars": ["warn", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }] },
  },
  {
    files: ["app/**/*.{ts,tsx}", "emails/**/*.{ts,tsx}"],
    plugins: { layers: { rules: { "client-imports-only-shared": clientImportsOnlyShared } } },
    rules: {
      "layers/client-imports-only-shared": "error",
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "@/lib/platform/db", message: "Only lib/ touches the database: call a lib/ function." }],
          patterns: [{ group: ["@/lib/generated/*"], message: "Only lib/ touches the database client." }],
        },
      ],
    },
  },
  {
    ignores: [
      ".next/**",
      "lib/generated/**",
      "node_modules/**",
      "test-results/**",
      "playwright-report/**",
      "data/**",
      "next-env.d.ts",
      "bench/peers/**",
    ],
  },
];

export default config;
