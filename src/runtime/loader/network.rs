//! The Network pane's loads: listings stream page by page; an empty subnet
//! or VPC listing is checked against the resource itself, so a VPC that was
//! deleted reads as "not found" rather than as "has no subnets".

use std::future::Future;

use super::Sink;
use crate::app::action::Payload;
use crate::app::network::{NetworkPayload, NetworkRequest};
use crate::aws::ec2::{self, Ec2Error, InterfaceScope};
use crate::aws::pages::Pages;
use crate::aws::provider::AwsProvider;

/// Runs one Network request, delivering results through `sink`.
pub(super) async fn run(provider: &AwsProvider, request: NetworkRequest, sink: &Sink) {
    match request {
        NetworkRequest::Vpcs => {
            Box::pin(stream(ec2::list_vpcs(provider), NetworkPayload::Vpcs, None::<Check>, sink)).await;
        }
        NetworkRequest::Subnets { vpc_id } => {
            let check = async { ec2::get_vpc_details(&vpc_id, provider).await.map(drop) };
            let pages = ec2::list_subnets(&vpc_id, provider);
            Box::pin(stream(pages, NetworkPayload::Subnets, Some(check), sink)).await;
        }
        NetworkRequest::VpcsTagged { key, value } => {
            let pages = ec2::list_vpcs_where(Some(ec2::tag_filter(&key, &value)), provider);
            Box::pin(stream(pages, NetworkPayload::Vpcs, None::<Check>, sink)).await;
        }
        NetworkRequest::AllSubnets => {
            Box::pin(stream(ec2::list_all_subnets(provider), NetworkPayload::Subnets, None::<Check>, sink)).await;
        }
        NetworkRequest::Interfaces { scope } => {
            let check = async {
                match &scope {
                    InterfaceScope::Vpc { vpc_id } => ec2::get_vpc_details(vpc_id, provider).await.map(drop),
                    InterfaceScope::Subnet { subnet_id, .. } => ec2::get_subnet(subnet_id, provider).await.map(drop),
                }
            };
            let pages = ec2::list_network_interfaces(&scope, provider);
            Box::pin(stream(pages, NetworkPayload::Interfaces, Some(check), sink)).await;
        }
        NetworkRequest::FindByIp { ip } => match Box::pin(ec2::find_network_interfaces_by_ip(ip, provider)).await {
            Ok(found) => send(sink, NetworkPayload::Found(found), false),
            Err(e) => fail(sink, &e),
        },
        NetworkRequest::FindById { eni_id } => match ec2::get_network_interface(&eni_id, provider).await {
            Ok(interface) => send(sink, NetworkPayload::Found(vec![interface]), false),
            Err(Ec2Error::InterfaceNotFound { .. }) => send(sink, NetworkPayload::Found(Vec::new()), false),
            Err(e) => fail(sink, &e),
        },
        NetworkRequest::Interface { eni_id } => match ec2::get_network_interface(&eni_id, provider).await {
            Ok(interface) => send(sink, NetworkPayload::Interface(Box::new(interface)), false),
            Err(e) => fail(sink, &e),
        },
    }
}

type Check = std::future::Ready<Result<(), Ec2Error>>;

fn send(sink: &Sink, payload: NetworkPayload, more: bool) {
    sink.send(Payload::Network(payload), more);
}

fn fail(sink: &Sink, e: &Ec2Error) {
    sink.fail_service(e);
}

/// Sends every page of `pages` as it arrives. Empty pages in the middle of a
/// listing are not sent (they would blank a list being refreshed). When the
/// whole listing is empty, `check_empty` runs first: its error (the parent
/// is gone) is reported instead of an empty list.
async fn stream<T>(
    mut pages: Pages<T, Ec2Error>,
    wrap: fn(Vec<T>) -> NetworkPayload,
    check_empty: Option<impl Future<Output = Result<(), Ec2Error>>>,
    sink: &Sink,
) {
    let mut seen = 0usize;
    let mut check_empty = check_empty;
    while let Some(page) = pages.next_page().await {
        let items = match page {
            Ok(items) => items,
            Err(e) => return fail(sink, &e),
        };
        let more = pages.has_more();
        seen += items.len();
        if items.is_empty() && more {
            continue;
        }
        if seen == 0
            && let Some(check) = check_empty.take()
            && let Err(e) = check.await
        {
            return fail(sink, &e);
        }
        send(sink, wrap(items), more);
    }
}

#[cfg(test)]
mod tests {
    use futures_util::FutureExt;
    use tokio::sync::mpsc::unbounded_channel;

    use super::*;
    use crate::app::action::{Action, RequestId, Slot};
    use crate::app::network::NetworkSlot;
    use crate::aws::ec2::Vpc;

    fn vpc(id: &str) -> Vpc {
        Vpc {
            vpc_id: id.to_owned(),
            name: None,
            cidr_blocks: Vec::new(),
            ipv6_cidr_blocks: Vec::new(),
            state: ec2::ResourceState::Available,
            is_default: false,
            tenancy: String::new(),
            owner_id: String::new(),
            arn: String::new(),
            tags: Vec::new(),
        }
    }

    /// A listing whose pages are `pages` in order; a page's `bool` says whether a token follows.
    fn scripted(pages: Vec<(Vec<Vpc>, bool)>) -> Pages<Vpc, Ec2Error> {
        let mut pages = pages.into_iter();
        Pages::new(move |_, n| {
            let (items, more) = pages.next().unwrap_or_default();
            async move { Ok((items, more.then(|| format!("token-{n}")))) }.boxed()
        })
    }

    /// Runs `stream` and returns (rows per page sent, `more` flags) or the failure text.
    async fn run_stream(
        pages: Vec<(Vec<Vpc>, bool)>,
        check: Option<Result<(), Ec2Error>>,
    ) -> Result<Vec<(usize, bool)>, String> {
        let (tx, mut rx) = unbounded_channel();
        let sink = Sink {
            tx,
            slot: Slot::Network(NetworkSlot::Vpcs),
            id: RequestId(1),
            generation: 1,
            renew: Default::default(),
        };
        stream(scripted(pages), NetworkPayload::Vpcs, check.map(std::future::ready), &sink).await;
        drop(sink);
        let mut sent = Vec::new();
        while let Some(action) = rx.recv().await {
            match action {
                Action::Loaded { payload: Payload::Network(NetworkPayload::Vpcs(page)), more, .. } => {
                    sent.push((page.len(), more));
                }
                Action::LoadFailed { error, .. } => return Err(error.message),
                Action::ErrorDetail { .. } => {}
                other => panic!("unexpected {other:?}"),
            }
        }
        Ok(sent)
    }

    #[tokio::test]
    async fn pages_stream_with_more_set_until_the_last_and_empty_middle_pages_are_skipped() {
        let pages = vec![(vec![vpc("a"), vpc("b")], true), (vec![], true), (vec![vpc("c")], false)];
        assert_eq!(run_stream(pages, None).await, Ok(vec![(2, true), (1, false)]));
    }

    #[tokio::test]
    async fn an_empty_listing_of_a_parent_that_is_gone_fails_as_not_found() {
        let gone = Err(Ec2Error::VpcNotFound { vpc_id: "vpc-1".into() });
        let sent = run_stream(vec![(vec![], true), (vec![], false)], Some(gone)).await;
        assert!(sent.as_ref().is_err_and(|e| e.contains("VPC vpc-1 does not exist")), "{sent:?}");
    }

    #[tokio::test]
    async fn an_empty_listing_of_a_parent_that_exists_is_an_empty_list() {
        assert_eq!(run_stream(vec![(vec![], false)], Some(Ok(()))).await, Ok(vec![(0, false)]));
    }

    #[tokio::test]
    async fn the_parent_is_not_checked_when_rows_arrived() {
        let gone = Err(Ec2Error::VpcNotFound { vpc_id: "vpc-1".into() });
        assert_eq!(
            run_stream(vec![(vec![vpc("a")], true), (vec![], false)], Some(gone)).await,
            Ok(vec![(1, true), (0, false)])
        );
    }
}
