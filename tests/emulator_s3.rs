//! S3 wrappers against the moto emulator, after seeding buckets in two
//! accounts and two regions.

use awscope::aws::s3::list_buckets;
use awscope::testbed::harness;
use awscope::testbed::{Account, Scale, bucket_plan, seed_buckets};

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread")]
async fn each_account_lists_exactly_its_seeded_buckets() {
    let emulator = harness::emulator().await;
    let (base, second) = harness::both_accounts(&emulator).await;
    let planned_base = sorted(bucket_plan(Account::Base, Scale::Test).into_iter().map(|b| b.name).collect());
    let planned_second = sorted(bucket_plan(Account::Second, Scale::Test).into_iter().map(|b| b.name).collect());

    let seeded_base = seed_buckets(&base, Account::Base, Scale::Test).await.expect("seed base buckets");
    let seeded_second = seed_buckets(&second, Account::Second, Scale::Test).await.expect("seed second buckets");

    assert_eq!(sorted(seeded_base.iter().map(|b| b.name.clone()).collect()), planned_base);
    assert_eq!(sorted(seeded_second.iter().map(|b| b.name.clone()).collect()), planned_second);
    assert_eq!(planned_base.len(), 12, "the base account has a dozen buckets");

    let listed_base = list_buckets(&base).collect_all().await.expect("ListBuckets in the base account");
    let listed_second = list_buckets(&second).collect_all().await.expect("ListBuckets in the second account");

    assert_eq!(sorted(listed_base.into_iter().map(|b| b.name).collect()), planned_base);
    assert_eq!(sorted(listed_second.into_iter().map(|b| b.name).collect()), planned_second);
    assert!(planned_second.iter().all(|name| !planned_base.contains(name)), "the accounts share no bucket");
}

#[tokio::test(flavor = "multi_thread")]
async fn buckets_live_in_their_regions_and_hold_their_keys() {
    let emulator = harness::emulator().await;
    let base = harness::provider(&emulator, awscope::testbed::BASE_PROFILE).await;
    let seeded = seed_buckets(&base, Account::Base, Scale::Test).await.expect("seed base buckets");

    let regions: Vec<&str> = seeded.iter().map(|b| b.region.as_str()).collect();
    assert!(regions.contains(&"us-east-1") && regions.contains(&"eu-west-1"), "{regions:?}");

    for bucket in &seeded {
        let location = base
            .s3_in(&bucket.region)
            .get_bucket_location()
            .bucket(&bucket.name)
            .send()
            .await
            .expect("GetBucketLocation");
        // us-east-1 is reported as no constraint at all.
        let reported = location.location_constraint().map(|c| c.as_str().to_owned()).filter(|c| !c.is_empty());
        let expected = (bucket.region != "us-east-1").then(|| bucket.region.clone());
        assert_eq!(reported, expected, "region of {}", bucket.name);

        // Every key comes back exactly as it was put (spaces, `+`, `%`, unicode,
        // a trailing `/`, a bidi override), and nothing else is there.
        let mut listed = Vec::new();
        let mut token = None;
        loop {
            let page = base
                .s3_in(&bucket.region)
                .list_objects_v2()
                .bucket(&bucket.name)
                .set_continuation_token(token)
                .send()
                .await
                .expect("ListObjectsV2");
            listed.extend(page.contents().iter().filter_map(|o| o.key()).map(str::to_owned));
            token = page.next_continuation_token().map(str::to_owned);
            if token.is_none() {
                break;
            }
        }
        assert_eq!(sorted(listed), sorted(bucket.keys.clone()), "keys of {}", bucket.name);
    }
    let empty = seeded.iter().find(|b| b.name == "demo-empty").expect("an empty bucket is seeded");
    assert!(empty.keys.is_empty());
    let awkward = seeded.iter().find(|b| b.name == "demo-awkward-keys").expect("awkward keys are seeded");
    assert!(awkward.keys.iter().any(|k| k.ends_with('/')) && awkward.keys.iter().any(|k| k.contains('+')));
}
