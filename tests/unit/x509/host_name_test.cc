// RFC 9525 §6.3 matching as browsers do it, and strict IP literal parsing.
#include "x509/host_name.h"

#include <gtest/gtest.h>

#include "x509/ip_address.h"

namespace tlspp::x509 {
namespace {

struct Row {
  const char* presented;
  const char* reference;
  bool matches;
};

// Each row: a dNSName from a certificate, the name asked for, whether they match.
constexpr Row kRows[] = {
    {"example.com", "example.com", true},
    {"example.com", "EXAMPLE.COM", true},  // ASCII case-insensitive
    {"ExAmPlE.CoM", "example.com", true},
    {"xn--bcher-kva.example", "XN--BCHER-KVA.example", true},  // A-labels compare as ASCII
    {"example.com", "example.com.", true},                     // absolute reference form
    {"example.com.", "example.com", false},                    // presented trailing dot: invalid
    {"example.com", "example.com..", false},
    {"example.com", "www.example.com", false},
    {"www.example.com", "example.com", false},
    {"example.com", "example.org", false},
    {"*.example.com", "foo.example.com", true},
    {"*.example.com", "FOO.Example.Com", true},
    {"*.example.com", "foo.example.com.", true},
    {"*.example.com", "example.com", false},      // a wildcard is one whole label
    {"*.example.com", "a.b.example.com", false},  // exactly one label
    {"*.example.com", ".example.com", false},     // not an empty label
    {"*.com", "example.com", false},              // needs two labels after the wildcard
    {"*", "example", false},
    {"f*.example.com", "foo.example.com", false},  // no partial wildcards
    {"*o.example.com", "foo.example.com", false},
    {"foo.*.example.com", "foo.bar.example.com", false},
    {"**.example.com", "foo.example.com", false},
    {"xn--*-abc.example.com", "xn--bliss-abc.example.com", false},
    {"*.*.example.com", "a.b.example.com", false},
    {"foo_bar.example.com", "foo_bar.example.com", false},  // not LDH
    {"-foo.example.com", "-foo.example.com", false},
    {"foo.example.com", "foo_bar.example.com", false},
    {"192.0.2.1", "192.0.2.1", true},  // as dNSName vs DNS reference: plain label comparison
    {"", "example.com", false},
    {"example..com", "example..com", false},
};

TEST(HostName, MatchingTable) {
  for (const Row& r : kRows) {
    auto ref = normalize_reference_name(r.reference);
    const bool got = ref && dns_name_matches(r.presented, *ref);
    EXPECT_EQ(got, r.matches) << r.presented << " vs " << r.reference;
  }
}

TEST(HostName, ReferenceNamesAreValidatedAndLowered) {
  EXPECT_EQ(*normalize_reference_name("WWW.Example.COM."), "www.example.com");
  EXPECT_EQ(*normalize_reference_name("localhost"), "localhost");
  EXPECT_FALSE(normalize_reference_name(""));
  EXPECT_FALSE(normalize_reference_name("."));
  EXPECT_FALSE(normalize_reference_name("a..b"));
  EXPECT_FALSE(normalize_reference_name("bücher.example"));
  EXPECT_FALSE(normalize_reference_name(std::string(64, 'a') + ".com"));
  EXPECT_TRUE(normalize_reference_name(std::string(63, 'a') + ".com"));
}

TEST(IpAddress, StrictIpv4) {
  EXPECT_EQ(*parse_ipv4("192.0.2.1"), (IpAddress{192, 0, 2, 1}));
  EXPECT_EQ(*parse_ipv4("0.0.0.0"), (IpAddress{0, 0, 0, 0}));
  for (const char* bad : {"192.0.2", "192.0.2.1.5", "192.0.2.256", "192.0.02.1", "0x7f.0.0.1",
                          "1.2.3.", ".1.2.3", "1.2.3.4 ", "+1.2.3.4", ""}) {
    EXPECT_FALSE(parse_ipv4(bad)) << bad;
  }
}

TEST(IpAddress, Ipv6TextForms) {
  const IpAddress loopback = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  EXPECT_EQ(*parse_ipv6("::1"), loopback);
  EXPECT_EQ(*parse_ipv6("0:0:0:0:0:0:0:1"), loopback);
  EXPECT_EQ(*parse_ipv6("0000:0000:0000:0000:0000:0000:0000:0001"), loopback);
  EXPECT_EQ(*parse_ipv6("2001:DB8::1"), *parse_ipv6("2001:db8::1"));
  EXPECT_EQ(*parse_ipv6("::ffff:192.0.2.1"),
            (IpAddress{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1}));
  EXPECT_EQ(parse_ipv6("::")->size(), 16u);
  EXPECT_EQ(*parse_ipv6("1:2:3:4:5:6:7::"), *parse_ipv6("1:2:3:4:5:6:7:0"));
  for (const char* bad :
       {"1::2::3", ":::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "g::1", "::1%eth0",
        "[::1]", "1:2:3:4:5:6:7:8::", ":1::", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4"}) {
    EXPECT_FALSE(parse_ipv6(bad)) << bad;
  }
}

TEST(IpAddress, CanonicalFormatting) {
  EXPECT_EQ(format_ip_address(*parse_ip_address("192.0.2.1")), "192.0.2.1");
  EXPECT_EQ(format_ip_address(*parse_ip_address("2001:0db8:0000:0000:0000:0000:0000:0001")),
            "2001:db8::1");
  // RFC 5952 §4.2.3: the first of equally long zero runs.
  EXPECT_EQ(format_ip_address(*parse_ip_address("2001:db8:0:0:1:0:0:1")), "2001:db8::1:0:0:1");
  // RFC 5952 §4.2.2: a single zero group is not compressed.
  EXPECT_EQ(format_ip_address(*parse_ip_address("2001:db8:0:1:1:1:1:1")), "2001:db8:0:1:1:1:1:1");
  EXPECT_EQ(format_ip_address(*parse_ip_address("::")), "::");
  EXPECT_EQ(format_ip_address(*parse_ip_address("1::")), "1::");
}

}  // namespace
}  // namespace tlspp::x509
