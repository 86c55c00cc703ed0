//! The resource under the cursor of the pane on screen: what it is, the id
//! `y` copies, its ARN (`Y`), its AWS console URL (`o`) and its JSON (`d`).
//!
//! Each pane builds its own ([`super::pane::Room::selected_resource`], in its
//! `resource.rs`), so describe, copy and open agree; this module holds what
//! they share: the [`Resource`] itself, console hosts and URL encoding, and
//! the JSON helpers.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Map, Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::App;

/// The selected resource, ready to describe, copy or open.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// What kind of resource it is, in the user's words (`S3 bucket`).
    pub kind: &'static str,
    /// What `y` copies: an `s3://` URI, an id, a name, `name:version`.
    pub id: String,
    /// Its AWS console page (built the same way against an emulator: it is
    /// the page the user would open in AWS).
    pub console_url: String,
    /// The region it lives in (a bucket's own region when known).
    pub region: String,
    /// Its ARN, when known.
    pub arn: Option<String>,
    /// Everything awscope knows about it, as AWS names the fields.
    pub json: Value,
}

/// Where the resources on screen live: what a pane needs to build ARNs.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    /// The region of the context on screen.
    pub region: &'a str,
    /// The account, once STS has answered.
    pub account: Option<&'a str>,
}

/// Everything but the unreserved characters of RFC 3986 is encoded.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// `s` percent-encoded as one URL component.
pub(crate) fn encode(s: &str) -> percent_encoding::PercentEncode<'_> {
    utf8_percent_encode(s, COMPONENT)
}

/// The ARN partition of `region`.
#[must_use]
pub fn partition(region: &str) -> &'static str {
    crate::aws::ec2::partition(region)
}

/// The console's domain in `region`'s partition.
pub(crate) fn console_host(region: &str) -> &'static str {
    match partition(region) {
        "aws-cn" => "console.amazonaws.cn",
        "aws-us-gov" => "console.amazonaws-us-gov.com",
        _ => "console.aws.amazon.com",
    }
}

/// A JSON object from `fields`, leaving out the ones that are `null`.
pub(crate) fn object<'a>(fields: impl IntoIterator<Item = (&'a str, Value)>) -> Value {
    let map: Map<String, Value> =
        fields.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.to_owned(), v)).collect();
    Value::Object(map)
}

/// An RFC 3339 time, or `null`.
pub(crate) fn timestamp(t: Option<OffsetDateTime>) -> Value {
    t.and_then(|t| t.format(&Rfc3339).ok()).map_or(Value::Null, Value::String)
}

/// A string, or `null`.
pub(crate) fn opt(s: Option<&str>) -> Value {
    s.map_or(Value::Null, |s| Value::String(s.to_owned()))
}

/// A string.
pub(crate) fn text(s: &str) -> Value {
    Value::String(s.to_owned())
}

/// Tags as AWS writes them: `[{"Key": …, "Value": …}]`.
pub(crate) fn pairs(tags: &[(String, String)]) -> Value {
    Value::Array(tags.iter().map(|(k, v)| json!({ "Key": k, "Value": v })).collect())
}

impl App {
    /// The region resources on screen live in.
    fn current_region(&self) -> String {
        self.environment()
            .map(|e| e.region.clone())
            .or_else(|| self.context.region.clone())
            .unwrap_or_else(|| "us-east-1".to_owned())
    }

    /// The resource selected in the pane on screen (or shown, in a detail
    /// view), if there is one.
    #[must_use]
    pub fn selected_resource(&self) -> Option<Resource> {
        let region = self.current_region();
        let place = Place { region: &region, account: self.identity.as_ref().map(|i| i.account.as_str()) };
        self.panes.get(self.pane).selected_resource(&place)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_fields_are_left_out() {
        let v = object([("A", text("x")), ("B", Value::Null), ("C", json!([]))]);
        assert_eq!(v.to_string(), r#"{"A":"x","C":[]}"#);
    }

    #[test]
    fn console_hosts_per_partition() {
        assert_eq!(console_host("eu-west-1"), "console.aws.amazon.com");
        assert_eq!(console_host("cn-north-1"), "console.amazonaws.cn");
        assert_eq!(console_host("us-gov-west-1"), "console.amazonaws-us-gov.com");
    }
}
