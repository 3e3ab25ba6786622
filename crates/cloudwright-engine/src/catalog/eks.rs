//! The Kubernetes version lifecycle on Amazon EKS: when each minor version leaves standard
//! support (and the control plane starts billing the extended-support rate) and when extended
//! support ends (and EKS upgrades the cluster itself).
//!
//! Source: EKS user guide, "Understand the Kubernetes version lifecycle on EKS" (standard
//! support for 14 months after release, then extended support for 12 months), with the dates
//! of the Amazon EKS release calendar as listed on endoflife.date/amazon-eks (2026-02). The
//! engine has no clock: "now" is the as-of month of the price data, so a design prices the
//! same on every machine and changes only when the price data is updated.

/// One minor version: (version, end of standard support, end of extended support), dates
/// `YYYY-MM-DD`.
pub const VERSIONS: &[(&str, &str, &str)] = &[
    ("1.28", "2024-11-26", "2025-11-26"),
    ("1.29", "2025-03-23", "2026-03-23"),
    ("1.30", "2025-07-23", "2026-07-23"),
    ("1.31", "2025-11-26", "2026-11-26"),
    ("1.32", "2026-03-23", "2027-03-23"),
    ("1.33", "2026-07-29", "2027-07-29"),
    ("1.34", "2026-12-02", "2027-12-02"),
    ("1.35", "2027-03-27", "2028-03-27"),
];

/// The versions, oldest first: the choices of `eks-cluster.kubernetes_version`.
pub const VERSION_IDS: &[&str] = &["1.28", "1.29", "1.30", "1.31", "1.32", "1.33", "1.34", "1.35"];

/// The newest version: the default of a new cluster.
pub const DEFAULT_VERSION: &str = "1.35";

/// Where a version stands on a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Support {
    /// In standard support until the date.
    Standard { until: &'static str },
    /// Past standard support (since the date): billed at the extended-support rate until `until`.
    Extended { since: &'static str, until: &'static str },
    /// Past extended support too: EKS upgrades the cluster to the oldest version in extended
    /// support, which is still billed at the extended rate.
    Ended { since: &'static str },
}

impl Support {
    pub fn is_extended(self) -> bool {
        !matches!(self, Support::Standard { .. })
    }
}

/// Where `version` stands on `date` (`YYYY-MM` or `YYYY-MM-DD`; a month means its first day).
/// None for a version the table does not know.
pub fn support(version: &str, date: &str) -> Option<Support> {
    let (_, std_end, ext_end) = VERSIONS.iter().find(|(v, _, _)| *v == version)?;
    let day = if date.len() == 7 { format!("{date}-01") } else { date.to_string() };
    Some(if day.as_str() < *std_end {
        Support::Standard { until: std_end }
    } else if day.as_str() < *ext_end {
        Support::Extended { since: std_end, until: ext_end }
    } else {
        Support::Ended { since: ext_end }
    })
}

/// The versions in standard support on `date`, oldest first.
pub fn in_standard_support(date: &str) -> Vec<&'static str> {
    VERSION_IDS.iter().copied().filter(|v| matches!(support(v, date), Some(Support::Standard { .. }))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_ordered_and_dates_follow_the_lifecycle() {
        assert_eq!(VERSION_IDS.len(), VERSIONS.len());
        for (i, (v, std_end, ext_end)) in VERSIONS.iter().enumerate() {
            assert_eq!(VERSION_IDS[i], *v);
            assert!(std_end < ext_end, "{v}");
            // extended support lasts 12 months: same day, next year
            assert_eq!(&ext_end[5..], &std_end[5..], "{v}");
            assert_eq!(ext_end[..4].parse::<u32>().unwrap(), std_end[..4].parse::<u32>().unwrap() + 1, "{v}");
        }
        assert_eq!(*VERSION_IDS.last().unwrap(), DEFAULT_VERSION);
    }

    #[test]
    fn support_as_of_the_price_data() {
        assert_eq!(support("1.35", "2026-11"), Some(Support::Standard { until: "2027-03-27" }));
        assert_eq!(support("1.34", "2026-11"), Some(Support::Standard { until: "2026-12-02" }));
        assert_eq!(support("1.33", "2026-11"), Some(Support::Extended { since: "2026-07-29", until: "2027-07-29" }));
        assert_eq!(support("1.31", "2026-11"), Some(Support::Extended { since: "2025-11-26", until: "2026-11-26" }));
        assert_eq!(support("1.29", "2026-11"), Some(Support::Ended { since: "2026-03-23" }));
        assert_eq!(support("9.99", "2026-11"), None);
        assert_eq!(in_standard_support("2026-11"), vec!["1.34", "1.35"]);
    }
}
