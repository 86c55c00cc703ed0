//! Find against the moto emulator, through the real loader: the find world
//! (`seed_find`) has resources in three regions of two accounts, and each
//! kind of search finds them in the right profile × region and only there.
//! Profiles that need a person (an MFA code) or that the config excludes
//! are listed as skipped with why, and an MFA profile is searched once its
//! code is entered.

use std::collections::BTreeSet;

use awscope::app::find::{FindPayload, FindSpec, Hit, HitKind, ProbeFailure, Scope, Skipped};
use awscope::aws::profiles::ProfilePaths;
use awscope::aws::{AwsContext, MfaCode, ProviderOptions};
use awscope::testbed::{
    Account, BASE_PROFILE, Emulator, FIND_BUCKET, FIND_IP, FIND_REGION, FIND_SERVICE, FIND_TEXT, HOME_REGION,
    SECOND_PROFILE, SeededFind, harness, seed::OTHER_REGION, seed_find,
};

/// What one search delivered.
#[derive(Debug, Default)]
struct Outcome {
    planned: usize,
    done: usize,
    hits: Vec<Hit>,
    failures: Vec<ProbeFailure>,
    skipped: Vec<Skipped>,
}

impl Outcome {
    /// (kind, name, profile, account, region) of every hit.
    fn places(&self) -> BTreeSet<(HitKind, String, String, Option<String>, String)> {
        self.hits
            .iter()
            .map(|h| (h.kind, h.name.clone(), h.profile.clone(), h.account.clone(), h.region.clone()))
            .collect()
    }
}

fn context(profile: &str) -> AwsContext {
    AwsContext { profile: Some(profile.to_owned()), region: Some(HOME_REGION.to_owned()), ..AwsContext::default() }
}

/// Runs one search through the loader (connected to the base profile) and gathers
/// what it streams until the last payload.
async fn search(options: &ProviderOptions, text: &str, scope: Scope, exclude: &[&str]) -> Outcome {
    search_with(options, text, scope, exclude, Vec::new()).await
}

/// [`search`] with MFA codes entered for some profiles.
async fn search_with(
    options: &ProviderOptions,
    text: &str,
    scope: Scope,
    exclude: &[&str],
    mfa: Vec<(String, MfaCode)>,
) -> Outcome {
    let spec = FindSpec {
        text: text.to_owned(),
        scope,
        current: context(BASE_PROFILE),
        exclude: exclude.iter().map(|p| (*p).to_owned()).collect(),
        concurrency: 16,
        mfa,
    };
    let (payloads, _) = harness::find_through_loader(options.clone(), spec).await;
    let mut outcome = Outcome::default();
    for payload in payloads {
        match payload {
            FindPayload::Planned(n) => outcome.planned += n,
            FindPayload::Skipped(skipped) => outcome.skipped.extend(skipped),
            FindPayload::Hits(hits) => outcome.hits.extend(hits),
            FindPayload::ProbeDone(None) => outcome.done += 1,
            FindPayload::ProbeDone(Some(failure)) => {
                outcome.done += 1;
                outcome.failures.push(failure);
            }
        }
    }
    assert_eq!(outcome.done, outcome.planned, "every planned probe reports once");
    outcome
}

fn chosen() -> Scope {
    Scope::Chosen {
        profiles: vec![BASE_PROFILE.to_owned(), SECOND_PROFILE.to_owned()],
        regions: vec![HOME_REGION.to_owned(), OTHER_REGION.to_owned(), FIND_REGION.to_owned(), "us-west-2".to_owned()],
    }
}

fn profile_of(account: Account) -> String {
    match account {
        Account::Base => BASE_PROFILE.to_owned(),
        Account::Second => SECOND_PROFILE.to_owned(),
    }
}

async fn seeded(emulator: &Emulator) -> SeededFind {
    let (base, second) = harness::both_accounts(emulator).await;
    seed_find(&base, &second).await.expect("seed the find world")
}

#[tokio::test(flavor = "multi_thread")]
async fn each_kind_of_search_finds_its_resource_in_the_right_profile_and_region_only() {
    let emulator = harness::emulator().await;
    let world = seeded(&emulator).await;
    let options = emulator.provider_options();
    let second = (SECOND_PROFILE.to_owned(), Some(Account::Second.id().to_owned()), FIND_REGION.to_owned());

    // An IP: the interface holding it, in the second account's third region.
    let by_ip = search(&options, FIND_IP, chosen(), &[]).await;
    assert!(by_ip.failures.is_empty(), "{:?}", by_ip.failures);
    assert_eq!(by_ip.planned, 8, "one DescribeNetworkInterfaces per profile × region");
    let place = (HitKind::NetworkInterface, world.eni_id.clone(), second.0.clone(), second.1.clone(), second.2.clone());
    assert_eq!(by_ip.places(), BTreeSet::from([place]));
    let hit = &by_ip.hits[0];
    assert_eq!((hit.parent.as_deref(), hit.address.as_deref()), (Some(world.vpc.name.as_str()), Some(FIND_IP)));

    // A VPC id: that VPC, with its Name tag.
    let by_id = search(&options, &world.vpc.name, chosen(), &[]).await;
    assert!(by_id.failures.is_empty(), "{:?}", by_id.failures);
    let place = (HitKind::Vpc, world.vpc.name.clone(), second.0.clone(), second.1.clone(), second.2.clone());
    assert_eq!(by_id.places(), BTreeSet::from([place]));
    assert_eq!(by_id.hits[0].label.as_deref(), Some("find-edge"));

    // A substring, in another case: the bucket (once, in its own region),
    // both parameters, the service, the log group; nothing else.
    let by_text = search(&options, &FIND_TEXT.to_uppercase(), chosen(), &[]).await;
    assert!(by_text.failures.is_empty(), "{:?}", by_text.failures);
    let mut expected = BTreeSet::new();
    let placed = |kind, p: &awscope::testbed::Placed| {
        (kind, p.name.clone(), profile_of(p.account), Some(p.account.id().to_owned()), p.region.clone())
    };
    expected.insert(placed(HitKind::Bucket, &world.bucket));
    for parameter in &world.parameters {
        expected.insert(placed(HitKind::Parameter, parameter));
    }
    expected.insert(placed(HitKind::EcsService, &world.service));
    expected.insert(placed(HitKind::LogGroup, &world.log_group));
    assert_eq!(by_text.places(), expected);
    assert_eq!(by_text.hits.iter().filter(|h| h.name == FIND_BUCKET).count(), 1, "one ListBuckets per account");
    assert_eq!(by_text.hits.iter().filter(|h| h.kind == HitKind::LogGroup).count(), 1, "one probe claims the group");
    // 2 profiles × 4 regions × 7 probes (log groups: one per case variant,
    // `PAYMENTS`, `payments`, `Payments`), and ListBuckets once per profile.
    assert_eq!(by_text.planned, 2 * 4 * 7 + 2);

    // An ECS service's name: that service, with its cluster.
    let by_service = search(&options, FIND_SERVICE, chosen(), &[]).await;
    let services: Vec<&Hit> = by_service.hits.iter().filter(|h| h.kind == HitKind::EcsService).collect();
    assert_eq!(services.len(), 1, "{:?}", by_service.hits);
    assert_eq!(
        (services[0].profile.as_str(), services[0].region.as_str(), services[0].parent.as_deref()),
        (BASE_PROFILE, OTHER_REGION, Some(awscope::testbed::FIND_CLUSTER))
    );

    // A text found nowhere: every probe answers, nothing is found.
    let nothing = search(&options, "no-such-thing-anywhere", chosen(), &[]).await;
    assert!(nothing.hits.is_empty() && nothing.failures.is_empty() && nothing.planned > 0);
}

/// The emulator's config files with two more profiles: one whose role
/// needs an MFA code, one the search is told to exclude.
fn config_with_more_profiles(emulator: &Emulator, dir: &std::path::Path) -> ProfilePaths {
    let original = emulator.profile_paths();
    let mut config = std::fs::read_to_string(&original.config).expect("read the emulator's config");
    config.push_str(&format!(
        "\n[profile demo-mfa]\nrole_arn = arn:aws:iam::222222222222:role/demo-admin\nsource_profile = {BASE_PROFILE}\nmfa_serial = arn:aws:iam::123456789012:mfa/demo\nregion = {HOME_REGION}\nendpoint_url = {}\n\n[profile demo-excluded]\nsource_profile = {BASE_PROFILE}\nrole_arn = arn:aws:iam::222222222222:role/demo-admin\nregion = {HOME_REGION}\nendpoint_url = {}\n",
        emulator.endpoint(),
        emulator.endpoint()
    ));
    let paths = ProfilePaths { config: dir.join("config"), credentials: dir.join("credentials") };
    std::fs::write(&paths.config, config).expect("write config");
    std::fs::copy(&original.credentials, &paths.credentials).expect("copy credentials");
    paths
}

#[tokio::test(flavor = "multi_thread")]
async fn every_profile_in_the_config_is_searched_or_listed_as_skipped_with_why() {
    let emulator = harness::emulator().await;
    let world = seeded(&emulator).await;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let paths = config_with_more_profiles(&emulator, dir.path());
    let options = ProviderOptions { profile_files: Some(paths), ..emulator.provider_options() };

    let found = search(&options, FIND_IP, Scope::All, &["demo-excluded"]).await;
    assert!(found.failures.is_empty(), "{:?}", found.failures);
    let skipped: Vec<(&str, bool)> = found.skipped.iter().map(|s| (s.profile.as_str(), s.needs_mfa)).collect();
    assert_eq!(skipped.len(), 2, "{:?}", found.skipped);
    assert!(skipped.contains(&("demo-mfa", true)), "{:?}", found.skipped);
    assert!(skipped.contains(&("demo-excluded", false)), "{:?}", found.skipped);
    let mfa = found.skipped.iter().find(|s| s.profile == "demo-mfa").expect("demo-mfa skipped");
    assert!(mfa.reason.contains("MFA") && mfa.reason.contains("arn:aws:iam::123456789012:mfa/demo"), "{}", mfa.reason);
    let excluded = found.skipped.iter().find(|s| s.profile == "demo-excluded").expect("demo-excluded skipped");
    assert!(excluded.reason.contains("excluded by the config"), "{}", excluded.reason);
    // Every enabled region of both usable profiles, and the interface only where it is.
    assert!(found.planned >= 2 * 17, "{} probes", found.planned);
    let places: Vec<(&str, &str, &str)> =
        found.hits.iter().map(|h| (h.name.as_str(), h.profile.as_str(), h.region.as_str())).collect();
    assert_eq!(places, [(world.eni_id.as_str(), SECOND_PROFILE, FIND_REGION)]);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_mfa_profile_is_searched_once_its_code_is_entered() {
    let emulator = harness::emulator().await;
    let world = seeded(&emulator).await;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let paths = config_with_more_profiles(&emulator, dir.path());
    let options = ProviderOptions { profile_files: Some(paths), ..emulator.provider_options() };
    let scope = Scope::Chosen { profiles: vec!["demo-mfa".to_owned()], regions: vec![FIND_REGION.to_owned()] };
    let code = MfaCode { serial: "arn:aws:iam::123456789012:mfa/demo".to_owned(), code: "123456".to_owned() };

    let found = search_with(&options, FIND_IP, scope, &[], vec![("demo-mfa".to_owned(), code)]).await;
    assert!(found.skipped.is_empty() && found.failures.is_empty(), "{:?} {:?}", found.skipped, found.failures);
    let places: Vec<(&str, &str, Option<&str>)> =
        found.hits.iter().map(|h| (h.name.as_str(), h.profile.as_str(), h.account.as_deref())).collect();
    assert_eq!(places, [(world.eni_id.as_str(), "demo-mfa", Some(Account::Second.id()))]);
}
