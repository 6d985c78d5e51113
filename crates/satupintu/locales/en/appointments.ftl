# Appointments (booking) and queues.
nav-appointments = Appointments
appt-new-title = Book an appointment
appt-new-intro = Choose a service, a place, a day and a time. Come at your time and show your appointment code at the queue kiosk.
appt-choose-service = Which service do you need?
appt-no-services = No service can be booked yet.
appt-no-locations = This service cannot be booked at any place yet.
appt-next = Continue
appt-service = Service
appt-change = Change
appt-location = Place
appt-address = Address
appt-date = Date
appt-show-slots = Show times
appt-open-days = Next opening days
appt-slots-on = Free times: { $date }
appt-no-slots = No free times on this day. Choose another day.
appt-choose-slot = Choose your arrival time
appt-free = { $n ->
    [one] 1 place left
   *[other] { $n } places left
}
appt-application = Application number (if any)
appt-application-hint = Fill in if this visit is for your online application, for example SP-2026-000123.
appt-book = Book this time
appt-mine-title = My appointments
appt-mine-intro = Your visits to service counters and your teleconsultations.
appt-mine-none = You have no appointments.
appt-booking-title = Appointment { $code }
appt-booking-caption = Appointment
appt-code = Appointment code
appt-when = Time
appt-ticket = Queue number
appt-ticket-follow = Follow the queue
appt-open-consultation = Open the consultation room
appt-checkin-title = When you arrive
appt-checkin-help = Scan this QR code at the queue kiosk or type the appointment code. The kiosk accepts arrivals from 1 hour before your time until 30 minutes after it.
appt-qr-label = QR code of appointment { $code }
appt-calendar = Save to calendar (.ics)
appt-move-title = Change the time
appt-move-left = { $n ->
    [one] The time can be changed 1 more time.
   *[other] The time can be changed { $n } more times.
}
appt-move-none = This time can no longer be changed; you can still cancel it.
appt-frozen = This booking is now locked: changes and cancellations close one hour before the time. If you do not come, the booking is recorded as missed.
appt-move = Move to this time
appt-cancel = Cancel the appointment
appt-status-booked = Booked
appt-status-checked-in = Arrived
appt-status-served = Served
appt-status-cancelled = Cancelled
appt-status-no-show = Missed
appt-ics-summary = Appointment
appt-ics-description = Appointment code: { $code }. Show this code at the queue kiosk.
field-slot-choose = Choose one of the times.
field-slot-unknown = That time does not exist.
field-slot-other = Choose another time for the same service.
field-booking-application = That application number is not your application for this service.
field-booking-unknown = Unknown appointment code. Please check the code.
field-booking-elsewhere = This appointment is for another place.
field-checkin-time = Arrival for this appointment is not open yet, is over, or was already recorded. Please take an ordinary queue number.
field-date-range = Invalid date range (at most one year, the start before the end).
error-slot-full = That time has just filled up. Choose another time.
error-slot-gone = That time is past or closed. Choose another time.
error-booking-active = You already have an active appointment for this service. Change or cancel that one first.
error-booking-paused = You missed three appointments in the last 90 days, so online booking is paused for 30 days. You can still take a queue number on site.
error-booking-closed = This appointment can no longer be changed.
error-booking-frozen = The time cannot be changed less than 1 hour before it.
error-reschedule-limit = This appointment was moved twice already; cancel it and book a new one if needed.
error-location-closed = This place is closed now (outside opening hours or a holiday).
error-queue-empty = No one is waiting for this counter.
error-counter-idle = This counter has not called a number yet.
notify-booking-subject = Appointment { $code } booked
notify-booking-body = Appointment { $code }: { $when } at { $place }. Show the code at the queue kiosk when you arrive.
notify-booking-moved-subject = Appointment { $code } moved
notify-booking-moved-body = New time of appointment { $code }: { $when } at { $place }.
notify-booking-reminder-subject = Reminder: appointment { $code } tomorrow
notify-booking-reminder-body = Remember your appointment { $code }: { $when } at { $place }. If you cannot come, cancel it so someone else can use the time.
notify-booking-no-show-subject = Appointment { $code } missed
notify-booking-no-show-body = You did not come to appointment { $code }. After three missed appointments in 90 days, online booking is paused for 30 days.

# Kiosk, ticket and queue display.
kiosk-title = Queue kiosk — { $place }
kiosk-heading = Welcome
kiosk-booked = Do you have an appointment?
kiosk-code = Appointment code
kiosk-code-hint = Scan the QR code or type the code, for example JT-2026-000001.
kiosk-check-in = Record my arrival
kiosk-walk-in = No appointment? Take a queue number
kiosk-service = Service
kiosk-priority = Priority service
kiosk-priority-none = Not needed
kiosk-take = Take a queue number
kiosk-done = Done
queue-priority = Priority
queue-priority-lansia = Older person (60 or over)
queue-priority-hamil = Pregnant woman
queue-priority-disabilitas = Person with a disability
ticket-title = Queue number { $number }
ticket-heading = Your queue number
ticket-status-waiting = Waiting to be called
ticket-status-called = Please go to the counter
ticket-status-done = Served
ticket-status-missed = Missed; please ask an officer
ticket-ahead = { $n ->
    [0] You are next.
    [one] 1 person ahead of you.
   *[other] { $n } people ahead of you.
}
ticket-wait = { $n ->
    [0] Estimated wait: any moment now.
   *[other] Estimated wait: about { $n } minutes.
}
ticket-go-to = Please go to { $counter }.
ticket-follow = Follow on your phone
ticket-qr-label = QR code to follow this queue number on a phone
ticket-link = Open this queue number's page
display-title = Queue display — { $place }
display-now = Now calling
display-none = No number has been called yet.
display-waiting = Waiting
display-recent = Latest calls
display-hint = Watch for your number. This screen updates by itself.
display-say-ticket = Queue number
display-say-counter = please go to

# Officer's counter.
counter-nav = Queue
counter-title = Queue counter
counter-no-places = You are not assigned to any place that uses the queue.
counter-current = Now serving
counter-idle = No number has been called at this counter yet.
counter-next = Call next
counter-recall = Call again
counter-done = Served
counter-missed = Did not come
counter-calls = { $n ->
    [one] Called once
   *[other] Called { $n } times
}
counter-booked = Appointment
counter-waiting = { $n ->
    [0] No one waiting
    [one] 1 person waiting
   *[other] { $n } people waiting
}
counter-waiting-caption = Waiting queue numbers, in calling order
counter-none-waiting = The queue is empty.
counter-number = Number
counter-waited = Waiting
counter-minutes = { $n } min
counter-display = Queue display
counter-kiosk = Queue kiosk
counter-change = Change counter

# Statistics.
queue-stats-title = Queue statistics
queue-stats-from = From
queue-stats-to = To
queue-stats-show = Show
queue-stats-by-service = By service
queue-stats-by-hour = By hour of arrival
queue-stats-by-weekday = By day
queue-stats-tickets = Numbers
queue-stats-served = Served
queue-stats-missed = Missed
queue-stats-booked = Booked
queue-stats-wait = Average wait (min)
queue-stats-service = Average service (min)
queue-stats-total = Total
queue-stats-no-shows = { $n ->
    [0] No missed appointments.
   *[other] Missed appointments: { $n }.
}
queue-stats-none = There is no place you can see yet.
queue-stats-note = Waiting time runs from taking a number to being called; service time from being called to done.
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday

# Managing locations.
locations-title = Service locations
locations-intro = MPP buildings, offices, Puskesmas and health facilities: opening hours, services with a quota per time slot, and counters. Slots open automatically for the days ahead.
locations-none = No locations yet.
locations-services = Services
locations-counters = Counters
locations-links = Links
locations-kiosk-note = A kiosk address holds a secret key: open it only on the kiosk device on site.
locations-closed-on = Closed { $date }: { $reason }
locations-close-title = Close on a given day
locations-close-reason = Reason
locations-close = Close that day
locations-import-title = Import locations
locations-document = Locations document (JSON, format satupintu.locations/v1)
locations-document-hint = See docs/staff.md for an example. An import applies entirely or not at all.
locations-import = Import
locations-imported = { $locations } locations saved; { $slots } new time slots opened.
location-kind-mpp = Public Service Mall (MPP)
location-kind-kantor = Office
location-kind-puskesmas = Puskesmas
location-kind-faskes = Health facility
loc-bad-json = The document is not valid JSON or does not match the locations format.
loc-format = The format must be "satupintu.locations/v1".
loc-duplicate = This location code appears twice.
loc-slug = A location code has only lower-case letters, digits and hyphens.
loc-kind = The kind must be mpp, kantor, puskesmas or faskes.
loc-text = This is required and must not be too long.
loc-slot-minutes = A time slot is 10 to 240 minutes long.
loc-horizon = Slots open 1 to 90 days ahead.
loc-url = The video address must be https.
loc-day = Days are mon, tue, wed, thu, fri, sat or sun.
loc-hours = Invalid opening hours (HH:MM, opening before closing, breaks within the hours).
loc-no-services = A location needs at least one service.
loc-unknown-service = This service is not in the catalogue.
loc-other-agency = This service belongs to another agency.
loc-capacity = The quota per slot must be 0 to 500.
loc-prefix = Queue letters: 1–2 capital letters, different for each service.
loc-counter-name = A counter name is required, unique, and at most 60 characters.
loc-counter-services = A counter must serve services offered at this location.
appt-book-visit = Book a time to visit the counter
appt-book-for-application = Book a visit for this application
ticket-refresh = Refresh
counter-changed = The queue has changed.
counter-refresh = Refresh the list
cli-locations-invalid = The locations were not imported because of these problems (nothing was changed):
appt-teleconsultation = Teleconsultation with a doctor
