//! Regions: the commercial list, kept in one place, and what DescribeRegions
//! says this account may use.

use super::call::Answer;
use super::error::{AwsError, Call};
use super::provider::AwsProvider;

/// The commercial AWS regions, kept in one place.
pub const COMMERCIAL: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-south-1",
    "eu-south-2",
    "eu-north-1",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
];

/// A region as DescribeRegions reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionInfo {
    /// The region name (`eu-west-1`).
    pub name: String,
    /// Whether it is an opt-in region.
    pub opt_in: bool,
    /// Whether this account may use it (opted in, or not opt-in at all).
    pub enabled: bool,
}

/// Every region DescribeRegions knows (`AllRegions`), with opt-in status.
///
/// # Errors
/// The classified failure; callers fall back to [`COMMERCIAL`].
pub async fn enabled_regions(provider: &AwsProvider) -> Result<Vec<RegionInfo>, AwsError> {
    let call = Call { service: "ec2", operation: "DescribeRegions", resource: "all regions" };
    let request = provider.ec2().describe_regions().all_regions(true).send();
    let answered = provider.send(call, 1, request, |out| {
        let mut regions: Vec<RegionInfo> = out
            .regions()
            .iter()
            .filter_map(|r| {
                let name = r.region_name()?.to_owned();
                let status = r.opt_in_status().unwrap_or("opt-in-not-required");
                Some(RegionInfo { name, opt_in: status != "opt-in-not-required", enabled: status != "not-opted-in" })
            })
            .collect();
        regions.sort_by(|a, b| a.name.cmp(&b.name));
        let count = regions.len();
        Answer::counted(regions, count, false)
    });
    answered.await.map_err(AwsError::from)
}
