//! The S3 pane's resources: what `y` copies (`s3://` URIs), the ARN `Y`
//! copies, the console page `o` opens and the JSON `d` shows.

use serde_json::{Map, Value, json};

use super::S3Pane;
use super::View as S3View;
use super::views::Loadable;
use crate::app::resource::{Place, console_host, encode, object, opt, pairs, partition, text, timestamp};
use crate::aws::s3::{Bucket, Entry as S3Entry, ObjectDetail, ObjectEntry, ObjectVersion};

/// What is selected in the S3 pane.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// An S3 bucket.
    Bucket { bucket: String },
    /// A prefix ("folder") of a bucket, ending in `/`.
    Prefix { bucket: String, prefix: String },
    /// An S3 object.
    Object { bucket: String, key: String },
}

impl Target {
    fn kind(&self) -> &'static str {
        match self {
            Self::Bucket { .. } => "S3 bucket",
            Self::Prefix { .. } => "S3 folder",
            Self::Object { .. } => "S3 object",
        }
    }

    fn id(&self) -> String {
        match self {
            Self::Bucket { bucket } => format!("s3://{bucket}"),
            Self::Prefix { bucket, prefix: key } | Self::Object { bucket, key } => format!("s3://{bucket}/{key}"),
        }
    }

    fn console_url(&self, region: &str) -> String {
        let host = console_host(region);
        let r = encode(region);
        match self {
            Self::Bucket { bucket } => format!("https://s3.{host}/s3/buckets/{}?region={r}", encode(bucket)),
            Self::Prefix { bucket, prefix } => {
                format!("https://s3.{host}/s3/buckets/{}?region={r}&prefix={}", encode(bucket), encode(prefix))
            }
            Self::Object { bucket, key } => {
                format!("https://s3.{host}/s3/object/{}?region={r}&prefix={}", encode(bucket), encode(key))
            }
        }
    }
}

/// A resource of this pane, as the selection code builds it.
struct Resource {
    target: Target,
    region: String,
    arn: Option<String>,
    json: Value,
}

impl From<Resource> for crate::app::resource::Resource {
    fn from(r: Resource) -> Self {
        Self {
            kind: r.target.kind(),
            id: r.target.id(),
            console_url: r.target.console_url(&r.region),
            region: r.region,
            arn: r.arn,
            json: r.json,
        }
    }
}

/// `arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/key` (S3 ARNs name no
/// region or account).
#[must_use]
pub fn s3_arn(region: &str, bucket: &str, key: &str) -> String {
    let partition = partition(region);
    if key.is_empty() {
        format!("arn:{partition}:s3:::{bucket}")
    } else {
        format!("arn:{partition}:s3:::{bucket}/{key}")
    }
}

fn bucket_json(b: &Bucket, arn: &str) -> Value {
    object([
        ("Name", text(&b.name)),
        ("CreationDate", timestamp(b.created)),
        ("BucketRegion", opt(b.region.as_deref())),
        ("Arn", text(arn)),
    ])
}

fn prefix_json(bucket: &str, prefix: &str, region: Option<&str>, arn: &str) -> Value {
    object([("Bucket", text(bucket)), ("Prefix", text(prefix)), ("BucketRegion", opt(region)), ("Arn", text(arn))])
}

fn object_entry_json(bucket: &str, o: &ObjectEntry, arn: &str) -> Value {
    object([
        ("Bucket", text(bucket)),
        ("Key", text(&o.key)),
        ("Size", json!(o.size)),
        ("LastModified", timestamp(o.last_modified)),
        ("StorageClass", text(o.storage_class.as_str())),
        ("Arn", text(arn)),
    ])
}

fn head_json(h: &ObjectDetail) -> Value {
    let metadata: Map<String, Value> = h.metadata.iter().map(|(k, v)| (k.clone(), text(v))).collect();
    object([
        ("ContentLength", json!(h.size)),
        ("LastModified", timestamp(h.last_modified)),
        ("ETag", opt(h.etag.as_deref())),
        // HeadObject leaves out the storage class of STANDARD objects.
        ("StorageClass", text(h.storage_class.as_deref().unwrap_or("STANDARD"))),
        ("ContentType", opt(h.content_type.as_deref())),
        ("ContentEncoding", opt(h.content_encoding.as_deref())),
        ("ServerSideEncryption", opt(h.encryption.as_deref())),
        ("SSEKMSKeyId", opt(h.kms_key_id.as_deref())),
        ("VersionId", opt(h.version_id.as_deref())),
        ("Metadata", Value::Object(metadata)),
    ])
}

fn version_json(v: &ObjectVersion) -> Value {
    object([
        ("VersionId", text(&v.version_id)),
        ("IsLatest", json!(v.is_latest)),
        ("IsDeleteMarker", json!(v.delete_marker)),
        ("Size", json!(v.size)),
        ("LastModified", timestamp(v.last_modified)),
    ])
}

fn detail_json(d: &super::DetailView, arn: &str) -> Value {
    let mut fields = vec![
        ("Bucket", text(&d.bucket)),
        ("Key", text(&d.key)),
        ("BucketRegion", opt(d.region.as_deref())),
        ("Arn", text(arn)),
    ];
    match &d.head {
        Loadable::Ready(head) => fields.push(("HeadObject", head_json(head))),
        Loadable::Loading(_) => fields.push(("HeadObject", text("(loading)"))),
        Loadable::Failed(f) => fields.push(("HeadObjectError", text(&f.message))),
    }
    match &d.tags {
        Loadable::Ready(tags) => fields.push(("TagSet", pairs(tags))),
        Loadable::Loading(_) => fields.push(("TagSet", text("(loading)"))),
        Loadable::Failed(f) => fields.push(("TagSetError", text(&f.message))),
    }
    if d.versioned == Some(true) {
        fields.push(("Versions", Value::Array(d.versions.items.iter().map(version_json).collect())));
    }
    object(fields)
}

impl S3Pane {
    /// The resource selected (or shown, in a detail view), in `place`.
    pub(crate) fn resource_at(&self, place: &Place<'_>) -> Option<crate::app::resource::Resource> {
        self.selected(place.region.to_owned(), place).map(Into::into)
    }

    fn selected(&self, region: String, _place: &Place<'_>) -> Option<Resource> {
        let pane = self;
        let in_region = |bucket_region: Option<&String>| bucket_region.cloned().unwrap_or_else(|| region.clone());
        let (target, region, json) = match pane.top() {
            None => {
                let b = pane.buckets.selected_item()?;
                let region = in_region(b.region.as_ref());
                let arn = s3_arn(&region, &b.name, "");
                (Target::Bucket { bucket: b.name.clone() }, region, bucket_json(b, &arn))
            }
            Some(S3View::Objects(view)) => {
                let region = in_region(view.region.as_ref());
                let bucket = view.bucket.clone();
                match view.listing.selected_item() {
                    Some(S3Entry::Object(o)) => {
                        let json = object_entry_json(&bucket, o, &s3_arn(&region, &bucket, &o.key));
                        (Target::Object { bucket, key: o.key.clone() }, region, json)
                    }
                    Some(S3Entry::Folder(prefix)) => {
                        let json =
                            prefix_json(&bucket, prefix, view.region.as_deref(), &s3_arn(&region, &bucket, prefix));
                        (Target::Prefix { bucket, prefix: prefix.clone() }, region, json)
                    }
                    // Nothing listed here: the prefix (or bucket) on screen.
                    None if view.prefix.is_empty() => {
                        let json = prefix_json(&bucket, "", view.region.as_deref(), &s3_arn(&region, &bucket, ""));
                        (Target::Bucket { bucket }, region, json)
                    }
                    None => {
                        let prefix = view.prefix.clone();
                        let json =
                            prefix_json(&bucket, &prefix, view.region.as_deref(), &s3_arn(&region, &bucket, &prefix));
                        (Target::Prefix { bucket, prefix }, region, json)
                    }
                }
            }
            Some(S3View::Detail(d)) => {
                let region = in_region(d.region.as_ref());
                let json = detail_json(d, &s3_arn(&region, &d.bucket, &d.key));
                (Target::Object { bucket: d.bucket.clone(), key: d.key.clone() }, region, json)
            }
            Some(S3View::Preview(p)) => {
                let bucket_region = pane.stack.iter().rev().find_map(|v| match v {
                    S3View::Objects(o) if o.bucket == p.bucket => o.region.clone(),
                    S3View::Detail(d) if d.bucket == p.bucket => d.region.clone(),
                    _ => None,
                });
                let region = in_region(bucket_region.as_ref());
                let arn = s3_arn(&region, &p.bucket, &p.key);
                let json = object([
                    ("Bucket", text(&p.bucket)),
                    ("Key", text(&p.key)),
                    ("Size", p.size.map_or(Value::Null, |s| json!(s))),
                    ("Arn", text(&arn)),
                ]);
                (Target::Object { bucket: p.bucket.clone(), key: p.key.clone() }, region, json)
            }
        };
        let arn = match &target {
            Target::Bucket { bucket } => s3_arn(&region, bucket, ""),
            Target::Prefix { bucket, prefix: key } | Target::Object { bucket, key } => s3_arn(&region, bucket, key),
        };
        Some(Resource { target, region, arn: Some(arn), json })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bucket(name: &str) -> Target {
        Target::Bucket { bucket: name.into() }
    }

    #[test]
    fn s3_console_urls_encode_bucket_prefix_and_key() {
        assert_eq!(
            bucket("acme-logs").console_url("eu-west-1"),
            "https://s3.console.aws.amazon.com/s3/buckets/acme-logs?region=eu-west-1"
        );
        let prefix = Target::Prefix { bucket: "acme-logs".into(), prefix: "logs/2024 q1/".into() };
        assert_eq!(
            prefix.console_url("eu-west-1"),
            "https://s3.console.aws.amazon.com/s3/buckets/acme-logs?region=eu-west-1&prefix=logs%2F2024%20q1%2F"
        );
        let object = Target::Object { bucket: "acme-logs".into(), key: "a+b&c=d#e?/é.txt".into() };
        assert_eq!(
            object.console_url("us-east-1"),
            "https://s3.console.aws.amazon.com/s3/object/acme-logs?region=us-east-1&prefix=a%2Bb%26c%3Dd%23e%3F%2F%C3%A9.txt"
        );
    }

    #[test]
    fn other_partitions_use_their_console() {
        assert!(bucket("b").console_url("us-gov-west-1").starts_with("https://s3.console.amazonaws-us-gov.com/"));
    }

    #[test]
    fn s3_arns_name_no_region_or_account() {
        assert_eq!(s3_arn("eu-west-1", "acme-logs", ""), "arn:aws:s3:::acme-logs");
        assert_eq!(s3_arn("eu-west-1", "acme-logs", "a b/ü.txt"), "arn:aws:s3:::acme-logs/a b/ü.txt");
        assert_eq!(s3_arn("cn-north-1", "b", "k"), "arn:aws-cn:s3:::b/k");
    }

    #[test]
    fn ids_copied_are_s3_uris() {
        assert_eq!(bucket("b").id(), "s3://b");
        assert_eq!(Target::Object { bucket: "b".into(), key: "k/x".into() }.id(), "s3://b/k/x");
    }
}
