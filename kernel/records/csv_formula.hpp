// Cells a spreadsheet would run as formulas: text starting with = + - @ tab or CR that is not
// a plain number ("-12.50" is one). An export puts an apostrophe before such a cell, which
// spreadsheets read as "this is text", and an import takes it off again, so that an export
// imports back unchanged. A value that already starts with apostrophes before such text gets
// one more, so that the two stay each other's inverse.
#pragma once

#include <string_view>

namespace rapport::records {

// Whether an export writes `value` behind an apostrophe.
bool needs_formula_guard(std::string_view value);
// The value a cell of an import holds: without the apostrophe an export put before it.
std::string_view without_formula_guard(std::string_view cell);

}  // namespace rapport::records
