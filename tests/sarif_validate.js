// SPDX-License-Identifier: MIT
// Validates SARIF logs with ajv against the SARIF 2.1.0 JSON schema that
// Microsoft's SARIF multitool package ships (sarif-2.1.0.json: the OASIS
// 2.1.0 schema with its errata, written for JSON Schema 2020-12).  All three
// come from npm: @microsoft/sarif-multitool, ajv, ajv-formats.
//   node sarif_validate.js NPM-DIR FILE...
// Prints "FILE: valid" or each schema error; exits 1 if any file is invalid.
'use strict';
const fs = require('fs');
const path = require('path');

const mods = path.join(path.resolve(process.argv[2]), 'node_modules');
const Ajv2020 = require(path.join(mods, 'ajv', 'dist', '2020')).default;
const addFormats = require(path.join(mods, 'ajv-formats'));
const schemaFile = path.join(mods, '@microsoft', 'sarif-multitool-linux', 'sarif-2.1.0.json');
const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));

// strict: false because the schema uses "definitions" (not "$defs") and
// annotation keywords that ajv's strict mode would refuse; formats are checked.
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

let bad = 0;
for (const file of process.argv.slice(3)) {
	const log = JSON.parse(fs.readFileSync(file, 'utf8'));
	if (validate(log)) {
		console.log(`${file}: valid (${schema.title})`);
		continue;
	}
	bad++;
	for (const e of validate.errors)
		console.log(`${file}: ${e.instancePath || '/'} ${e.message}` +
			(e.params && e.params.additionalProperty ? ` '${e.params.additionalProperty}'` : ''));
}
process.exit(bad ? 1 : 0);
