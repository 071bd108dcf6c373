// The kernel's own schema migrations, in order.
#pragma once

#include "db/migrations.hpp"

#include <span>

namespace rapport::app {

std::span<const db::Migration> kernel_migrations();

}  // namespace rapport::app
