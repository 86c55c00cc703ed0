//! The S3 domain: buckets, listing rows, objects, their details and
//! versions, as awscope shows them (SDK shapes stop at the wrappers).

use time::OffsetDateTime;

/// An S3 bucket as listed by ListBuckets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    /// The bucket name.
    pub name: String,
    /// When the bucket was created.
    pub created: Option<OffsetDateTime>,
    /// The bucket's region, when ListBuckets reports it.
    pub region: Option<String>,
}

/// One row of a prefix listing: a "folder" (common prefix) or an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A common prefix, stored whole (`logs/2024/`).
    Folder(String),
    /// An object.
    Object(ObjectEntry),
}

impl Entry {
    /// The full key or prefix.
    #[must_use]
    pub fn key(&self) -> &str {
        match self {
            Self::Folder(prefix) => prefix,
            Self::Object(object) => &object.key,
        }
    }

    /// The key relative to `prefix`, as the listing shows it.
    #[must_use]
    pub fn name<'a>(&'a self, prefix: &str) -> &'a str {
        let key = self.key();
        key.strip_prefix(prefix).filter(|rest| !rest.is_empty()).unwrap_or(key)
    }
}

/// An object as ListObjectsV2 reports it. Kept small: a listing may hold
/// hundreds of thousands of these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectEntry {
    /// The full key, decoded.
    pub key: String,
    /// Size in bytes.
    pub size: u64,
    /// When it was last written.
    pub last_modified: Option<OffsetDateTime>,
    /// Its storage class.
    pub storage_class: StorageClass,
}

/// S3 storage classes; AWS adds new ones, kept in `Other`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageClass {
    /// `STANDARD`.
    Standard,
    /// `STANDARD_IA`.
    StandardIa,
    /// `ONEZONE_IA`.
    OneZoneIa,
    /// `INTELLIGENT_TIERING`.
    IntelligentTiering,
    /// `GLACIER` (Flexible Retrieval).
    Glacier,
    /// `GLACIER_IR`.
    GlacierIr,
    /// `DEEP_ARCHIVE`.
    DeepArchive,
    /// `REDUCED_REDUNDANCY`.
    ReducedRedundancy,
    /// Anything else.
    Other(Box<str>),
}

impl StorageClass {
    /// Parses the AWS spelling; an absent class is `STANDARD`.
    #[must_use]
    pub fn parse(s: Option<&str>) -> Self {
        match s.unwrap_or("STANDARD") {
            "STANDARD" => Self::Standard,
            "STANDARD_IA" => Self::StandardIa,
            "ONEZONE_IA" => Self::OneZoneIa,
            "INTELLIGENT_TIERING" => Self::IntelligentTiering,
            "GLACIER" => Self::Glacier,
            "GLACIER_IR" => Self::GlacierIr,
            "DEEP_ARCHIVE" => Self::DeepArchive,
            "REDUCED_REDUNDANCY" => Self::ReducedRedundancy,
            other => Self::Other(other.into()),
        }
    }

    /// The AWS spelling.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::Standard => "STANDARD",
            Self::StandardIa => "STANDARD_IA",
            Self::OneZoneIa => "ONEZONE_IA",
            Self::IntelligentTiering => "INTELLIGENT_TIERING",
            Self::Glacier => "GLACIER",
            Self::GlacierIr => "GLACIER_IR",
            Self::DeepArchive => "DEEP_ARCHIVE",
            Self::ReducedRedundancy => "REDUCED_REDUNDANCY",
            Self::Other(s) => s,
        }
    }
}

/// Whether a bucket exists and whether we may open it (HeadBucket).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BucketStatus {
    /// It exists and HeadBucket succeeded.
    ExistsHaveAccess,
    /// It exists, but we may not use it (403).
    ExistsNoAccess,
    /// No such bucket (404).
    DoesNotExist,
}

/// What HeadObject, GetObjectTagging and ListObjectVersions say about an object.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ObjectDetail {
    /// Size in bytes.
    pub size: u64,
    /// When it was last written.
    pub last_modified: Option<OffsetDateTime>,
    /// The entity tag.
    pub etag: Option<String>,
    /// Storage class (absent means STANDARD).
    pub storage_class: Option<String>,
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// `Content-Encoding`.
    pub content_encoding: Option<String>,
    /// Server-side encryption (`AES256`, `aws:kms`).
    pub encryption: Option<String>,
    /// The KMS key, for `aws:kms`.
    pub kms_key_id: Option<String>,
    /// The version id, in a versioned bucket.
    pub version_id: Option<String>,
    /// User metadata (`x-amz-meta-*`), sorted by name.
    pub metadata: Vec<(String, String)>,
}

/// One version of an object (ListObjectVersions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectVersion {
    /// The version id.
    pub version_id: String,
    /// Whether this is the current version.
    pub is_latest: bool,
    /// Whether this version is a delete marker.
    pub delete_marker: bool,
    /// Size in bytes (0 for delete markers).
    pub size: u64,
    /// When it was written.
    pub last_modified: Option<OffsetDateTime>,
}
