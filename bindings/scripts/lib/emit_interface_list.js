// Emits v8_interfaces.{h,cc}: the interfaces a global exposes.
'use strict';

const { snake, guard, exposure } = require('./naming');

const { kHeaderBanner } = require('./banner');

module.exports = {
  // v8_interfaces.{h,cc}: the list of interfaces to expose on a global.
  emitInterfaceList(ifaces) {
    const h = [kHeaderBanner('idl/'), `#ifndef ${guard('v8_interfaces.h')}`, `#define ${guard('v8_interfaces.h')}`, '',
      '#include <cstddef>', '', '#include "bindings/core/v8/wrapper_type_info.h"', '', 'namespace v8ws {', '',
      '// Every interface in idl/ with an [Exposed] global, in declaration order.',
      'extern const WrapperTypeInfo* const kExposedInterfaces[];', 'extern const size_t kExposedInterfaceCount;', '',
      '}  // namespace v8ws', '', `#endif  // ${guard('v8_interfaces.h')}`, ''];
    // Every interface exposed in some global; Install picks those of the context's global.
    const exposed = ifaces.filter(i => exposure(i));
    const cc = [kHeaderBanner('idl/'), '#include "bindings/generated/v8_interfaces.h"', '',
      ...exposed.map(i => `#include "bindings/generated/v8_${snake(i.name)}.h"`), '', 'namespace v8ws {', '',
      'const WrapperTypeInfo* const kExposedInterfaces[] = {',
      ...exposed.map(i => `    &V8${i.name}::wrapper_type_info,`), '};',
      `const size_t kExposedInterfaceCount = ${exposed.length};`, '', '}  // namespace v8ws', ''];
    this.write('v8_interfaces.h', h.join('\n'));
    this.write('v8_interfaces.cc', cc.join('\n'));
  }
};
