package report

// BuildFromOrders is the report added up from the orders themselves (the
// path before the per-day summary, and the fallback), for the benchmarks
// to run beside the summary.
var BuildFromOrders = buildFromOrders

// DailyFromOrders is DailyFrom added up from the orders.
var DailyFromOrders = dailyFromOrders
