//! The two encodings every file of the widget is sent in.

/// Brotli at its best setting (quality 11, the largest window), which every browser the README
/// names reads over HTTPS and from localhost. (Cargo.toml builds it optimized, as zopfli.)
pub(crate) fn brotli(bytes: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("brotli in memory");
    out
}

/// Gzip by zopfli: the same format any browser reads, in fewer bytes than zlib's best (5 %
/// fewer on the wasm, for about a second of build; figures in docs/size-history.md).
/// Letting it split the data into up to 50 blocks rather than 15 (each block gets the Huffman
/// codes that fit it) saved 0.34 kB more on the wasm, for 2 s; more iterations than the
/// default 15 saved under 0.05 kB. (Cargo.toml builds zopfli optimized even for this build
/// script, which it would otherwise compile unoptimized and run ten times slower.)
pub(crate) fn gzip(bytes: &[u8]) -> Vec<u8> {
    let options = zopfli::Options {
        maximum_block_splits: 50,
        ..zopfli::Options::default()
    };
    let mut out = Vec::new();
    zopfli::compress(options, zopfli::Format::Gzip, bytes, &mut out).expect("gzip in memory");
    out
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn both_encodings_give_back_the_file_and_are_smaller() {
        let file: Vec<u8> = (0..20_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let mut unpacked = Vec::new();
        brotli::BrotliDecompress(&mut &brotli(&file)[..], &mut unpacked).unwrap();
        assert_eq!(unpacked, file);
        let gz = gzip(&file);
        let mut unpacked = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut unpacked)
            .unwrap();
        assert_eq!(unpacked, file);
        assert!(brotli(&file).len() < file.len() && gz.len() < file.len());
    }
}
