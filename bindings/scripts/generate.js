#!/usr/bin/env node
// The bindings generator: reads idl/*.idl with webidl2 (the parser web-platform-tests uses)
// and writes the V8 binding of every interface, dictionary, enum and union into --out.
//
//   generate.js --out DIR [--outputs a,b,...] A.idl B.idl ...
//
// Each interface X gets v8_x.{h,cc}: class V8X with its WrapperTypeInfo, the template
// installer, and one callback per member. The callbacks call X's C++ class (in the header
// its [ImplementedIn] names) by the IDL member's name, and the .cc checks at compile time
// that the class has each member with the signature the binding calls.
'use strict';

const childProcess = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const webidl2 = require(path.join(__dirname, '../../third_party/npm/node_modules/webidl2'));

const { Model } = require('./lib/model');
const { Emitter } = require('./lib/emitter');

// ---------------------------------------------------------------- command line
function parseArgs(argv) {
  const args = { idl: [], outputs: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') args.out = argv[++i];
    else if (argv[i] === '--outputs') args.outputs = argv[++i].split(',').filter(Boolean);
    else args.idl.push(argv[i]);
  }
  if (!args.out || args.idl.length === 0) {
    console.error('usage: generate.js --out DIR [--outputs list] IDL...');
    process.exit(2);
  }
  return args;
}

// Generated code reads like hand-written code: every file goes through clang-format with the
// repository's .clang-format, in one process. Returns the formatted texts by file name.
function clangFormat(files) {
  const tool = process.env.V8WS_CLANG_FORMAT || 'clang-format';
  const style = path.join(__dirname, '../../.clang-format');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'v8ws-generate-'));
  try {
    const names = [...files.keys()];
    for (const name of names) fs.writeFileSync(path.join(dir, name), files.get(name));
    const result = childProcess.spawnSync(tool, [`--style=file:${style}`, '-i', ...names], { cwd: dir, encoding: 'utf8' });
    if (result.error || result.status !== 0) {
      console.error(`generate.js: ${tool} failed: ${result.error ? result.error.message : result.stderr}`);
      process.exit(1);
    }
    return new Map(names.map(name => [name, fs.readFileSync(path.join(dir, name), 'utf8')]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- main
function main() {
  const args = parseArgs(process.argv.slice(2));
  const definitions = [];
  for (const file of args.idl) {
    try {
      definitions.push(...webidl2.parse(fs.readFileSync(file, 'utf8'), { sourceName: file }));
    } catch (e) {
      console.error(`${file}: ${e.message}`);
      process.exit(1);
    }
  }
  const validation = webidl2.validate(definitions);
  if (validation.length) {
    for (const v of validation) console.error(v.message);
    process.exit(1);
  }
  const model = new Model(definitions);
  let impl;
  try {
    impl = Object.fromEntries([...model.interfaces.keys(), ...model.namespaces.keys()]
      .map(n => [n, model.implementation(n)]));
  } catch (e) {
    console.error(`generate.js: ${e.message}`);
    process.exit(1);
  }
  const emitter = new Emitter(model, impl);
  const ifaces = [...model.interfaces.values()];
  ifaces.forEach(i => emitter.emitInterface(i));
  model.namespaces.forEach(n => emitter.emitNamespace(n));
  model.dictionaries.forEach(d => emitter.emitDictionary(d));
  model.enums.forEach(e => emitter.emitEnum(e));
  model.callbacks.forEach(c => {
    if (!c.extAttrs.some(a => a.name === 'LegacyTreatNonObjectAsNull')) emitter.emitCallback(c);
  });
  emitter.emitUnions();  // after the others: they register the unions they use
  emitter.emitInterfaceList(ifaces);

  if (args.outputs) {
    const made = [...emitter.files.keys()].sort();
    const want = [...args.outputs].sort();
    const missing = made.filter(f => !want.includes(f));
    const extra = want.filter(f => !made.includes(f));
    if (missing.length || extra.length) {
      console.error('generate.js: the outputs in bindings/BUILD.gn do not match idl/.');
      if (missing.length) console.error('  add: ' + missing.join(' '));
      if (extra.length) console.error('  remove: ' + extra.join(' '));
      process.exit(1);
    }
  }
  const formatted = clangFormat(emitter.files);
  fs.mkdirSync(args.out, { recursive: true });
  for (const [file, text] of formatted) {
    const target = path.join(args.out, file);
    // Leave unchanged files alone so ninja rebuilds only what changed.
    if (fs.existsSync(target) && fs.readFileSync(target, 'utf8') === text) continue;
    fs.writeFileSync(target, text);
  }
}

main();
