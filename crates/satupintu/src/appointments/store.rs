//! The tables of locations, slots, bookings and tickets. Every function takes the caller's
//! transaction or connection.

use serde::Serialize;
use sqlx::Row as _;
use utoipa::ToSchema;

use super::model::{self, Location, LocationDef, Planned};
use crate::db::{self, Conn, Tx};

/// A location as stored.
#[derive(Clone, Debug)]
pub struct LocationRow {
    pub id: String,
    pub kind: String,
    pub agency_id: Option<String>,
    pub name: String,
    pub address: String,
    pub kiosk_key: String,
    pub def: LocationDef,
}

impl LocationRow {
    pub fn location(&self) -> Location {
        Location::from_def(self.def.clone())
    }
}

fn location_row(r: &db::Row) -> Result<LocationRow, sqlx::Error> {
    let json: String = r.try_get(6)?;
    let def = serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    Ok(LocationRow {
        id: r.try_get(0)?,
        kind: r.try_get(1)?,
        agency_id: r.try_get(2)?,
        name: r.try_get(3)?,
        address: r.try_get(4)?,
        kiosk_key: r.try_get(5)?,
        def,
    })
}

const LOCATION_COLUMNS: &str = "id, kind, agency_id, name, address, kiosk_key, data_json";

pub async fn locations(conn: &mut Conn) -> Result<Vec<LocationRow>, sqlx::Error> {
    let rows = sqlx::query(&format!("SELECT {LOCATION_COLUMNS} FROM locations ORDER BY name")).fetch_all(conn).await?;
    rows.iter().map(location_row).collect()
}

pub async fn location(conn: &mut Conn, id: &str) -> Result<Option<LocationRow>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {LOCATION_COLUMNS} FROM locations WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(location_row).transpose()
}

pub async fn location_by_kiosk(conn: &mut Conn, key: &str) -> Result<Option<LocationRow>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {LOCATION_COLUMNS} FROM locations WHERE kiosk_key = $1"))
        .bind(key)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(location_row).transpose()
}

/// Locations that offer a service, by name.
pub async fn locations_of_service(conn: &mut Conn, service_id: &str) -> Result<Vec<LocationRow>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {} FROM locations l JOIN location_services s ON s.location_id = l.id \
         WHERE s.service_id = $1 ORDER BY l.name",
        LOCATION_COLUMNS.split(", ").map(|c| format!("l.{c}")).collect::<Vec<_>>().join(", ")
    ))
    .bind(service_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(location_row).collect()
}

/// Create or update a location with its services and counters (counters no longer listed are
/// kept for the statistics, inactive).
pub async fn save_location(tx: &mut Tx, loc: &Location, new_kiosk_key: &str, now: i64) -> Result<(), sqlx::Error> {
    let d = &loc.def;
    let json = serde_json::to_string(d).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO locations (id, kind, agency_id, name, address, region_code, data_json, kiosk_key, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, \
         agency_id = excluded.agency_id, name = excluded.name, address = excluded.address, \
         region_code = excluded.region_code, data_json = excluded.data_json, updated_at = excluded.updated_at",
    )
    .bind(&d.id)
    .bind(&d.kind)
    .bind(&d.agency)
    .bind(&d.name)
    .bind(&d.address)
    .bind(&d.region_code)
    .bind(json)
    .bind(new_kiosk_key)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM location_services WHERE location_id = $1").bind(&d.id).execute(&mut **tx).await?;
    for s in &d.services {
        sqlx::query(
            "INSERT INTO location_services (location_id, service_id, capacity, prefix) VALUES ($1, $2, $3, $4)",
        )
        .bind(&d.id)
        .bind(&s.service)
        .bind(s.capacity)
        .bind(&s.prefix)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query("UPDATE counters SET active = 0 WHERE location_id = $1").bind(&d.id).execute(&mut **tx).await?;
    for c in &d.counters {
        let services = serde_json::to_string(&c.services).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        sqlx::query(
            "INSERT INTO counters (location_id, name, services_json, active) VALUES ($1, $2, $3, 1) \
             ON CONFLICT (location_id, name) DO UPDATE SET services_json = excluded.services_json, active = 1",
        )
        .bind(&d.id)
        .bind(c.name.trim())
        .bind(services)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Closure days of a location from `from` on (ISO dates).
pub async fn closures(conn: &mut Conn, location_id: &str, from: &str) -> Result<Vec<(String, String)>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT date, reason FROM location_closures WHERE location_id = $1 AND date >= $2 ORDER BY date")
            .bind(location_id)
            .bind(from)
            .fetch_all(conn)
            .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

pub async fn add_closure(tx: &mut Tx, location_id: &str, date: &str, reason: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO location_closures (location_id, date, reason) VALUES ($1, $2, $3) \
         ON CONFLICT (location_id, date) DO UPDATE SET reason = excluded.reason",
    )
    .bind(location_id)
    .bind(date)
    .bind(reason)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE slots SET closed = 1 WHERE location_id = $1 AND date = $2")
        .bind(location_id)
        .bind(date)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Counters of a location.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Counter {
    pub id: i64,
    pub name: String,
    pub services: Vec<String>,
}

pub async fn counters(conn: &mut Conn, location_id: &str) -> Result<Vec<Counter>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT id, name, services_json FROM counters WHERE location_id = $1 AND active = 1 ORDER BY id")
            .bind(location_id)
            .fetch_all(conn)
            .await?;
    rows.iter()
        .map(|r| {
            let json: String = r.try_get(2)?;
            Ok(Counter {
                id: r.try_get(0)?,
                name: r.try_get(1)?,
                services: serde_json::from_str(&json).unwrap_or_default(),
            })
        })
        .collect()
}

/// Practitioner schedules at every location.
pub async fn schedules(conn: &mut Conn) -> Result<Vec<model::Schedule>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT s.practitioner_id, p.location_id, s.service_id, s.weekday, s.start_min, s.end_min, s.slot_minutes \
         FROM practitioner_schedules s JOIN practitioners p ON p.id = s.practitioner_id WHERE p.active = 1",
    )
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(model::Schedule {
                practitioner_id: r.try_get(0)?,
                location_id: r.try_get(1)?,
                service_id: r.try_get(2)?,
                weekday: r.try_get(3)?,
                start: r.try_get(4)?,
                end: r.try_get(5)?,
                slot_minutes: r.try_get(6)?,
            })
        })
        .collect()
}

/// The account of a practitioner.
pub async fn practitioner_user(conn: &mut Conn, practitioner_id: i64) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query("SELECT user_id FROM practitioners WHERE id = $1")
        .bind(practitioner_id)
        .fetch_optional(conn)
        .await?;
    row.map(|r| r.try_get(0)).transpose()
}

/// Insert planned slots that do not exist yet.
pub async fn insert_slots(tx: &mut Tx, planned: &[Planned], offset_hours: i8) -> Result<u64, sqlx::Error> {
    let mut n = 0;
    for chunk in planned.chunks(100) {
        let sql = format!(
            "INSERT INTO slots (location_id, service_id, practitioner_id, date, start_min, end_min, starts_at, \
             ends_at, capacity) {} ON CONFLICT (location_id, service_id, practitioner_id, date, start_min) DO NOTHING",
            db::values_clause(chunk.len(), 9)
        );
        let mut q = sqlx::query(&sql);
        for p in chunk {
            q = q
                .bind(&p.location_id)
                .bind(&p.service_id)
                .bind(p.practitioner_id)
                .bind(p.date.to_string())
                .bind(p.start)
                .bind(p.end)
                .bind(model::local_instant(p.date, p.start, offset_hours))
                .bind(model::local_instant(p.date, p.end, offset_hours))
                .bind(p.capacity);
        }
        n += q.execute(&mut **tx).await?.rows_affected();
    }
    Ok(n)
}

/// Bring future counter slots of a location in line with its current definition: the capacity
/// of each service (never below what is booked), and slots no longer planned closed.
pub async fn align_future_slots(tx: &mut Tx, loc: &Location, now: i64) -> Result<(), sqlx::Error> {
    let offered: Vec<&str> = loc.def.services.iter().map(|s| s.service.as_str()).collect();
    for s in &loc.def.services {
        sqlx::query(
            "UPDATE slots SET capacity = CASE WHEN booked > $1 THEN booked ELSE $1 END \
             WHERE location_id = $2 AND service_id = $3 AND practitioner_id = 0 AND starts_at > $4",
        )
        .bind(s.capacity)
        .bind(&loc.def.id)
        .bind(&s.service)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    // Services dropped from the location: no new bookings.
    let rows = sqlx::query(
        "SELECT DISTINCT service_id FROM slots WHERE location_id = $1 AND practitioner_id = 0 AND starts_at > $2",
    )
    .bind(&loc.def.id)
    .bind(now)
    .fetch_all(&mut **tx)
    .await?;
    for r in rows {
        let service: String = r.try_get(0)?;
        if !offered.contains(&service.as_str()) {
            sqlx::query("UPDATE slots SET closed = 1 WHERE location_id = $1 AND service_id = $2 AND starts_at > $3")
                .bind(&loc.def.id)
                .bind(&service)
                .bind(now)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}

/// A bookable slot.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Slot {
    pub id: i64,
    pub location_id: String,
    pub service_id: String,
    /// The practitioner of a teleconsultation slot; absent for a counter slot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub practitioner_id: Option<i64>,
    /// Local date, `YYYY-MM-DD`.
    pub date: String,
    /// Local start and end, `HH:MM`.
    pub start: String,
    pub end: String,
    /// Unix seconds.
    pub starts_at: i64,
    pub ends_at: i64,
    /// Places still free.
    pub capacity: i64,
    #[serde(skip)]
    pub total: i64,
    #[serde(skip)]
    pub closed: bool,
}

const SLOT_COLUMNS: &str =
    "id, location_id, service_id, practitioner_id, date, start_min, end_min, starts_at, ends_at, capacity, booked, closed";

fn slot(r: &db::Row) -> Result<Slot, sqlx::Error> {
    let (capacity, booked): (i64, i64) = (r.try_get(9)?, r.try_get(10)?);
    let practitioner: i64 = r.try_get(3)?;
    Ok(Slot {
        id: r.try_get(0)?,
        location_id: r.try_get(1)?,
        service_id: r.try_get(2)?,
        practitioner_id: (practitioner != 0).then_some(practitioner),
        date: r.try_get(4)?,
        start: model::hhmm(r.try_get(5)?),
        end: model::hhmm(r.try_get(6)?),
        starts_at: r.try_get(7)?,
        ends_at: r.try_get(8)?,
        capacity: (capacity - booked).max(0),
        total: capacity,
        closed: r.try_get::<i64, _>(11)? != 0,
    })
}

pub async fn slot_by_id(conn: &mut Conn, id: i64) -> Result<Option<Slot>, sqlx::Error> {
    let row =
        sqlx::query(&format!("SELECT {SLOT_COLUMNS} FROM slots WHERE id = $1")).bind(id).fetch_optional(conn).await?;
    row.as_ref().map(slot).transpose()
}

/// What to list.
pub struct SlotQuery<'a> {
    pub service_id: &'a str,
    pub location_id: Option<&'a str>,
    pub practitioner_id: Option<i64>,
    pub date: &'a str,
    pub after: i64,
}

/// Open slots with a free place, starting after `after`.
pub async fn free_slots(conn: &mut Conn, q: &SlotQuery<'_>) -> Result<Vec<Slot>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {SLOT_COLUMNS} FROM slots WHERE service_id = $1 AND date = $2 AND starts_at > $3 AND closed = 0 \
         AND booked < capacity AND ($4 = '' OR location_id = $4) AND ($5 = 0 OR practitioner_id = $5) \
         ORDER BY starts_at, location_id, practitioner_id"
    ))
    .bind(q.service_id)
    .bind(q.date)
    .bind(q.after)
    .bind(q.location_id.unwrap_or(""))
    .bind(q.practitioner_id.unwrap_or(0))
    .fetch_all(conn)
    .await?;
    rows.iter().map(slot).collect()
}

/// A slot's bookings: free places, the slot open and still ahead (`$2`: now).
const SLOT_PLACES: crate::db::places::Places = crate::db::places::Places {
    table: "slots",
    taken: "booked",
    open: "booked < capacity AND closed = 0 AND starts_at > $2",
};

/// Take one place of a slot if one is free, the slot is open and still ahead.
pub async fn take_place(tx: &mut Tx, slot_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    SLOT_PLACES.take(tx, slot_id, Some(now)).await
}

pub async fn release_place(tx: &mut Tx, slot_id: i64) -> Result<(), sqlx::Error> {
    SLOT_PLACES.release(tx, slot_id).await
}

/// A booking with its slot's times.
#[derive(Clone, Debug)]
pub struct Booking {
    pub id: i64,
    pub code: String,
    pub slot_id: i64,
    pub user_id: i64,
    pub service_id: String,
    pub location_id: String,
    pub application_id: Option<i64>,
    pub status: String,
    pub reschedules: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub date: String,
    pub start_min: i64,
    pub end_min: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub practitioner_id: i64,
}

const BOOKING_COLUMNS: &str = "b.id, b.code, b.slot_id, b.user_id, b.service_id, b.location_id, b.application_id, \
     b.status, b.reschedules, b.created_at, b.updated_at, s.date, s.start_min, s.end_min, s.starts_at, s.ends_at, \
     s.practitioner_id";

fn booking(r: &db::Row) -> Result<Booking, sqlx::Error> {
    Ok(Booking {
        id: r.try_get(0)?,
        code: r.try_get(1)?,
        slot_id: r.try_get(2)?,
        user_id: r.try_get(3)?,
        service_id: r.try_get(4)?,
        location_id: r.try_get(5)?,
        application_id: r.try_get(6)?,
        status: r.try_get(7)?,
        reschedules: r.try_get(8)?,
        created_at: r.try_get(9)?,
        updated_at: r.try_get(10)?,
        date: r.try_get(11)?,
        start_min: r.try_get(12)?,
        end_min: r.try_get(13)?,
        starts_at: r.try_get(14)?,
        ends_at: r.try_get(15)?,
        practitioner_id: r.try_get(16)?,
    })
}

pub async fn booking_by_code(conn: &mut Conn, code: &str) -> Result<Option<Booking>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {BOOKING_COLUMNS} FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE b.code = $1"
    ))
    .bind(code)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(booking).transpose()
}

pub async fn booking_by_id(conn: &mut Conn, id: i64) -> Result<Option<Booking>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {BOOKING_COLUMNS} FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE b.id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(booking).transpose()
}

/// A person's bookings, the coming ones first.
pub async fn bookings_of(conn: &mut Conn, user_id: i64) -> Result<Vec<Booking>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {BOOKING_COLUMNS} FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE b.user_id = $1 \
         ORDER BY CASE WHEN b.status = 'booked' THEN 0 ELSE 1 END, s.starts_at DESC LIMIT 100"
    ))
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(booking).collect()
}

/// Start times of a person's no-shows since `since`.
pub async fn no_shows(conn: &mut Conn, user_id: i64, since: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT s.starts_at FROM bookings b JOIN slots s ON s.id = b.slot_id \
         WHERE b.user_id = $1 AND b.status = 'no_show' AND s.starts_at >= $2",
    )
    .bind(user_id)
    .bind(since)
    .fetch_all(conn)
    .await?;
    rows.iter().map(|r| r.try_get(0)).collect()
}

/// Bookings at a location not kept, with slots in `[from, to)`.
pub async fn no_shows_at(conn: &mut Conn, location_id: &str, from: i64, to: i64) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "SELECT COUNT(*) FROM bookings b JOIN slots s ON s.id = b.slot_id \
         WHERE b.location_id = $1 AND b.status = 'no_show' AND s.starts_at >= $2 AND s.starts_at < $3",
    )
    .bind(location_id)
    .bind(from)
    .bind(to)
    .fetch_one(conn)
    .await?;
    row.try_get(0)
}

/// The person's active booking for a service, if any.
pub async fn active_booking(conn: &mut Conn, user_id: i64, service_id: &str) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query("SELECT code FROM bookings WHERE user_id = $1 AND service_id = $2 AND status = 'booked'")
        .bind(user_id)
        .bind(service_id)
        .fetch_optional(conn)
        .await?;
    row.map(|r| r.try_get(0)).transpose()
}

pub struct NewBooking<'a> {
    pub code: &'a str,
    pub slot: &'a Slot,
    pub user_id: i64,
    pub application_id: Option<i64>,
    pub now: i64,
}

pub async fn insert_booking(tx: &mut Tx, b: &NewBooking<'_>) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO bookings (code, slot_id, user_id, service_id, location_id, application_id, status, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'booked', $7, $7) RETURNING id",
    )
    .bind(b.code)
    .bind(b.slot.id)
    .bind(b.user_id)
    .bind(&b.slot.service_id)
    .bind(&b.slot.location_id)
    .bind(b.application_id)
    .bind(b.now)
    .fetch_one(&mut **tx)
    .await?;
    row.try_get(0)
}

/// Change a booking's status if it is still `from`; whether it changed.
pub async fn set_status(tx: &mut Tx, id: i64, from: &str, to: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE bookings SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4")
        .bind(to)
        .bind(now)
        .bind(id)
        .bind(from)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// A booking was served (at a counter, or a teleconsultation completed).
pub async fn mark_served(tx: &mut Tx, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE bookings SET status = 'served', updated_at = $1 WHERE id = $2 AND status IN ('booked', 'checked_in')",
    )
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Move a still-booked booking to another slot.
pub async fn move_booking(tx: &mut Tx, id: i64, slot_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE bookings SET slot_id = $1, reschedules = reschedules + 1, reminded = 0, updated_at = $2 \
         WHERE id = $3 AND status = 'booked'",
    )
    .bind(slot_id)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Booked bookings whose check-in time is over: they become no-shows.
pub async fn overdue(conn: &mut Conn, before: i64) -> Result<Vec<Booking>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {BOOKING_COLUMNS} FROM bookings b JOIN slots s ON s.id = b.slot_id \
         WHERE b.status = 'booked' AND s.starts_at < $1 AND s.practitioner_id = 0 LIMIT 500"
    ))
    .bind(before)
    .fetch_all(conn)
    .await?;
    rows.iter().map(booking).collect()
}

/// Booked bookings starting before `before` whose reminder has not gone out.
pub async fn to_remind(conn: &mut Conn, now: i64, before: i64) -> Result<Vec<Booking>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {BOOKING_COLUMNS} FROM bookings b JOIN slots s ON s.id = b.slot_id \
         WHERE b.status = 'booked' AND b.reminded = 0 AND s.starts_at > $1 AND s.starts_at <= $2 LIMIT 500"
    ))
    .bind(now)
    .bind(before)
    .fetch_all(conn)
    .await?;
    rows.iter().map(booking).collect()
}

pub async fn mark_reminded(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE bookings SET reminded = 1 WHERE id = $1 AND reminded = 0")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}
