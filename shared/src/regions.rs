//! Provinces (GB/T 2260 two-digit codes) with the postal code prefixes they usually use. The full
//! division tables are large and are not compiled into the wasm; the first two digits are all the
//! rules here need.

#[derive(Debug, PartialEq, Eq)]
pub struct Province {
    /// The first two digits of a division code, also the `nn` of a local standard `DBnn`.
    pub code: &'static str,
    /// The short name, as addresses start with it.
    pub name: &'static str,
    /// The first two digits of its postal codes (none for Hong Kong, Macao and Taiwan here).
    pub postal: &'static [&'static str],
}

macro_rules! provinces {
    ($($code:literal $name:literal [$($p:literal),*];)*) => {
        pub const PROVINCES: &[Province] = &[$(Province { code: $code, name: $name, postal: &[$($p),*] },)*];
    };
}

provinces! {
    "11" "北京" ["10"];
    "12" "天津" ["30"];
    "13" "河北" ["05", "06", "07"];
    "14" "山西" ["03", "04"];
    "15" "内蒙古" ["01", "02"];
    "21" "辽宁" ["11", "12"];
    "22" "吉林" ["13"];
    "23" "黑龙江" ["15", "16"];
    "31" "上海" ["20"];
    "32" "江苏" ["21", "22"];
    "33" "浙江" ["31", "32"];
    "34" "安徽" ["23", "24"];
    "35" "福建" ["35", "36"];
    "36" "江西" ["33", "34"];
    "37" "山东" ["25", "26", "27"];
    "41" "河南" ["45", "46", "47"];
    "42" "湖北" ["43", "44"];
    "43" "湖南" ["41", "42"];
    "44" "广东" ["51", "52"];
    "45" "广西" ["53", "54"];
    "46" "海南" ["57"];
    "50" "重庆" ["40"];
    "51" "四川" ["61", "62", "63", "64"];
    "52" "贵州" ["55", "56"];
    "53" "云南" ["65", "66", "67"];
    "54" "西藏" ["85", "86"];
    "61" "陕西" ["71", "72"];
    "62" "甘肃" ["73", "74"];
    "63" "青海" ["81"];
    "64" "宁夏" ["75"];
    "65" "新疆" ["83", "84"];
    "71" "台湾" [];
    "81" "香港" [];
    "82" "澳门" [];
}

/// The province with this two-digit code.
pub fn by_code(code: &str) -> Option<&'static Province> {
    PROVINCES.iter().find(|p| p.code == code)
}

/// The province an address names at its start (`重庆市渝北区…`, `山西省太原市…`).
pub fn in_address(address: &str) -> Option<&'static Province> {
    PROVINCES.iter().find(|p| address.starts_with(p.name))
}

/// The provinces whose postal codes usually start like `postal_code`.
pub fn by_postal_code(postal_code: &str) -> impl Iterator<Item = &'static Province> + '_ {
    PROVINCES.iter().filter(move |p| {
        p.postal
            .iter()
            .any(|prefix| postal_code.starts_with(prefix))
    })
}
