# Service demand forecasts (staff).
forecast-title = Service demand forecasts
forecast-intro = Expected online applications per service and queue visits per location for the next 8 weeks, recomputed every day from the weekly history, with calendar effects (school admission, tax deadlines, Ramadan and Eid al-Fitr, national holidays). The error beside each forecast is measured on the last weeks, held out.
forecast-empty = No forecasts yet: the weekly history is too short (at least 4 weeks), or the forecasts have not been computed.
forecast-online = Online applications (whole agency)
forecast-observed = Recorded
forecast-forecast = Forecast
forecast-upper = Upper bound
forecast-lower = Lower bound
forecast-chart-desc = Counts per week: the last 26 recorded weeks, then the forecast of the next 8 weeks with its lower and upper bounds. The same figures are in the table below.
forecast-mape = Error on { $weeks } held-out weeks (MAPE)
forecast-naive = Error of the seasonal-naive comparison (the same week last year)
forecast-mase = Scaled error (MASE; below 1 beats the naive method)
forecast-method = Method
forecast-method-mstl-ets = MSTL (yearly season) with an AutoETS trend
forecast-method-ets = AutoETS (less than two years of history)
forecast-method-mean = Mean of the last weeks (history too short)
forecast-history-weeks = { $count ->
    [one] 1 week of history
   *[other] { $count } weeks of history
}
forecast-computed = Computed
forecast-table = Counts per week: the last 8 weeks and the forecast ({ $level }% range)
forecast-week = Week starting
forecast-range = { $level }% range
forecast-events = Calendar effects
forecast-effects = Calendar effects applied
forecast-effects-intro = Factors are estimated from this service's history: the counts of the weeks affected against the ordinary weeks around them. A factor of 1.30 means 30% more; an effect seen in fewer than 2 weeks is not applied.
forecast-effect = Effect
forecast-factor = Factor
forecast-effect-weeks = Weeks in history
forecast-applied = Applied
forecast-yes = Yes
forecast-no = No
forecast-event-ramadan = Ramadan
forecast-event-eid = Eid al-Fitr
forecast-event-school = School admission
forecast-event-tax = Tax deadline
forecast-event-holiday = National holiday
forecast-all = All forecasts
forecast-service = Service
forecast-place = Place
forecast-next = This week
forecast-error-short = Error (MAPE)
forecast-naive-short = Seasonal naive
forecast-none = not yet
forecast-how = How forecasts are made
forecast-how-text = Each week of the history is marked with its calendar effects. Each effect's factor is estimated from the history; the history is divided by those factors and forecast with the augurs library (MSTL decomposition with a 52-week yearly season and an AutoETS trend; AutoETS alone with less than two years of history). The result is multiplied again by the factors of the weeks ahead. To measure the error, the same steps run without the last 8 weeks and are compared with what happened.
