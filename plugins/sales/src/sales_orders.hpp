// Sales orders (ARCHITECTURE.md §8): numbered SO00001, … and dated when created; about one
// customer (an opportunity of another account is refused); confirmed only with lines; bound once
// confirmed (only who sells it may change); `create_invoice` copies the lines into a draft invoice.
#pragma once

#include <rapport/sdk/plugin_context.hpp>

namespace rapport::sales {

void add_sales_orders(sdk::PluginContext& context);

}  // namespace rapport::sales
