//! The Logs pane's resources: log groups, streams and events, with their
//! names, ARNs, console pages and JSON. A JSON event describes as its own
//! document, pretty-printed.

use serde_json::{Value, json};

use super::LogsPane;
use super::events::iso;
use crate::app::resource::{Place, Resource, console_host, encode, object, opt, text, timestamp};
use crate::aws::logs::{LogEvent, LogGroup, LogStream};

/// The console's own encoding of a log group or stream in its URL fragment
/// (`/` → `$252F`: percent-encoded twice, with `$` for the first `%`).
fn console_component(s: &str) -> String {
    encode(s).to_string().replace('%', "$25")
}

/// The console page of `group` in `region`.
pub(crate) fn group_url(region: &str, group: &str) -> String {
    let (host, r) = (console_host(region), encode(region));
    format!("https://{r}.{host}/cloudwatch/home?region={r}#logsV2:log-groups/log-group/{}", console_component(group))
}

fn group_resource(g: &LogGroup, place: &Place<'_>) -> Resource {
    let arn = g.arn.clone().or_else(|| {
        place.account.map(|account| {
            format!(
                "arn:{}:logs:{}:{account}:log-group:{}",
                crate::app::resource::partition(place.region),
                place.region,
                g.name
            )
        })
    });
    Resource {
        kind: "CloudWatch log group",
        id: g.name.clone(),
        console_url: group_url(place.region, &g.name),
        region: place.region.to_owned(),
        arn: arn.clone(),
        json: object([
            ("logGroupName", text(&g.name)),
            ("arn", opt(arn.as_deref())),
            ("storedBytes", g.stored_bytes.map_or(Value::Null, |b| json!(b))),
            ("retentionInDays", g.retention_days.map_or(Value::Null, |d| json!(d))),
            ("logGroupClass", opt(g.class.as_deref())),
            ("creationTime", timestamp(g.created)),
        ]),
    }
}

fn stream_resource(group: &str, s: &LogStream, place: &Place<'_>) -> Resource {
    Resource {
        kind: "CloudWatch log stream",
        id: s.name.clone(),
        console_url: format!("{}/log-events/{}", group_url(place.region, group), console_component(&s.name)),
        region: place.region.to_owned(),
        arn: None,
        json: object([
            ("logGroupName", text(group)),
            ("logStreamName", text(&s.name)),
            ("creationTime", timestamp(s.created)),
            ("firstEventTimestamp", timestamp(s.first_event)),
            ("lastEventTimestamp", timestamp(s.last_event)),
        ]),
    }
}

/// An event's JSON: the message itself when it is a JSON document, else its fields.
#[must_use]
pub fn event_json(group: &str, e: &LogEvent) -> Value {
    if let Ok(value @ (Value::Object(_) | Value::Array(_))) = serde_json::from_str::<Value>(e.message.trim()) {
        return value;
    }
    object([
        ("logGroupName", text(group)),
        ("logStreamName", text(&e.stream)),
        ("timestamp", text(&iso(e.timestamp))),
        ("ingestionTime", e.ingested.map_or(Value::Null, |t| text(&iso(t)))),
        ("eventId", if e.id.is_empty() { Value::Null } else { text(&e.id) }),
        ("message", text(&e.message)),
    ])
}

impl LogsPane {
    /// The resource under the cursor (or the event selected in the events view).
    pub(super) fn resource_at(&self, place: &Place<'_>) -> Option<Resource> {
        if let Some(view) = &self.events {
            let group = &view.opening.scope.group;
            let event = view.selected_event()?;
            return Some(Resource {
                kind: "log event",
                id: event.message.clone(),
                console_url: format!(
                    "{}/log-events/{}",
                    group_url(place.region, group),
                    console_component(&event.stream)
                ),
                region: place.region.to_owned(),
                arn: None,
                json: event_json(group, event),
            });
        }
        if let Some(view) = &self.streams {
            return view.listing.selected_item().map(|s| stream_resource(&view.group, s, place));
        }
        self.groups.selected_item().map(|g| group_resource(g, place))
    }
}
