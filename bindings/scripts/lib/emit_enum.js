// Emits v8_<enum>.{h,cc}: the C++ enum class and its string conversions.
'use strict';

const { snake, enumConstant, guard, cstr } = require('./naming');

const { kHeaderBanner } = require('./banner');

module.exports = {
  // -------------------------------------------------- enums
  emitEnum(e) {
    const base = `v8_${snake(e.name)}`;
    const values = e.values.map(v => v.value);
    const h = [kHeaderBanner(`enum ${e.name}`), `#ifndef ${guard(base + '.h')}`, `#define ${guard(base + '.h')}`, '',
      '#include <v8.h>', '', '#include <optional>', '#include <string>', '',
      '#include "bindings/core/v8/exception_state.h"', '#include "bindings/core/v8/native_value_traits.h"', '', 'namespace v8ws {', '',
      `enum class ${e.name} {`, ...values.map(v => `  ${enumConstant(v)},  // ${cstr(v)}`), '};', '',
      `const char* ${e.name}ToString(${e.name} value);`,
      `// The IDL value named by \`value\`, if it is one.`,
      `std::optional<${e.name}> Parse${e.name}(const std::string& value);`,
      '', 'template <>', `struct NativeValueTraits<${e.name}> : NativeValueTraitsBase<NativeValueTraits<${e.name}>> {`,
      `  using ImplType = ${e.name};`,
      '  // WebIDL §3.2.18: TypeError for a string that is not a value of the enum.',
      `  static ${e.name} NativeValue(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es);`, '};',
      '', '}  // namespace v8ws', '', `#endif  // ${guard(base + '.h')}`, ''];
    const cc = [kHeaderBanner(`enum ${e.name}`), `#include "bindings/generated/${base}.h"`, '',
      '#include "bindings/core/v8/v8_binding.h"', '', 'namespace v8ws {', '',
      `const char* ${e.name}ToString(${e.name} value) {`, '  switch (value) {',
      ...values.map(v => `    case ${e.name}::${enumConstant(v)}:\n      return ${cstr(v)};`), '  }', '  return "";', '}', '',
      `std::optional<${e.name}> Parse${e.name}(const std::string& value) {`,
      ...values.map(v => `  if (value == ${cstr(v)})\n    return ${e.name}::${enumConstant(v)};`), '  return std::nullopt;', '}', '',
      `${e.name} NativeValueTraits<${e.name}>::NativeValue(v8::Isolate* isolate, v8::Local<v8::Value> value, ExceptionState& es) {`,
      '  std::string string = ToDOMString(isolate, value, es);',
      `  if (es.HadException())\n    return ${e.name}::${enumConstant(values[0])};`,
      `  std::optional<${e.name}> parsed = Parse${e.name}(string);`,
      `  if (!parsed) {`,
      `    es.ThrowTypeError("The provided value '" + string + "' is not a valid enum value of type ${e.name}.");`,
      `    return ${e.name}::${enumConstant(values[0])};`, '  }', '  return *parsed;', '}', '',
      '}  // namespace v8ws', ''];
    this.write(base + '.h', h.join('\n'));
    this.write(base + '.cc', cc.join('\n'));
  }
};
