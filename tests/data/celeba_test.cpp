// Tests for the CelebA attribute loader: small attribute and partition files written here
// (gzip and plain, CRLF), the task's features, labels, groups and names, every error path, and
// the real annotation files when present (skipped otherwise). The real counts were computed
// once with an independent script (zcat, awk) from the files.
#include "data/celeba.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/data_dir.h"
#include "data/test_util.h"

namespace parity::data {
namespace {

using test_util::error_message;
using test_util::TempFile;

// Four attributes, five images: two train, one validation, two test.
const std::string kAttributes =
    "5\r\n"
    "Smiling Attractive  Male Young\r\n"
    "000001.jpg  1  1 -1  1\r\n"
    "000002.jpg -1 -1  1  1\r\n"
    "000003.jpg  1 -1  1 -1\r\n"
    "000004.jpg -1  1 -1 -1\r\n"
    "000005.jpg  1  1  1  1\r\n";
const std::string kPartition =
    "000001.jpg 0\r\n"
    "000002.jpg 0\r\n"
    "000003.jpg 1\r\n"
    "000004.jpg 2\r\n"
    "000005.jpg 2\r\n";

class Celeba : public ::testing::Test {
 protected:
  TempFile attributes{"celeba_attr.txt.gz"};
  TempFile partition{"celeba_partition.txt"};

  void write(const std::string& attribute_text, const std::string& partition_text = kPartition) {
    test_util::write_gzip(attributes.path(), attribute_text);
    test_util::write_plain(partition.path(), test_util::Bytes(partition_text.begin(), partition_text.end()));
  }
  DatasetSplit load(const CelebaOptions& options = {}) {
    return load_celeba(attributes.path(), partition.path(), options);
  }
  std::string error(const std::string& attribute_text, const std::string& partition_text = kPartition,
                    const CelebaOptions& options = {}) {
    write(attribute_text, partition_text);
    return error_message([&] { load(options); });
  }
  std::string attr_at(int line) const { return attributes.path().string() + ":" + std::to_string(line); }
  std::string part_at(int line) const { return partition.path().string() + ":" + std::to_string(line); }
};

TEST_F(Celeba, DefaultTaskAttractiveByMale) {
  write(kAttributes);
  const DatasetSplit d = load();
  EXPECT_EQ(d.train.feature_names, (std::vector<std::string>{"Smiling", "Young"}));
  EXPECT_EQ(d.train.class_names, (std::vector<std::string>{"not_Attractive", "Attractive"}));
  EXPECT_EQ(d.train.group_names, (std::vector<std::string>{"Female", "Male"}));
  EXPECT_EQ(d.test.feature_names, d.train.feature_names);
  ASSERT_EQ(d.train.X.shape(), (Shape{2, 2}));
  ASSERT_EQ(d.validation.X.shape(), (Shape{1, 2}));
  ASSERT_EQ(d.test.X.shape(), (Shape{2, 2}));
  EXPECT_EQ(d.train.X.at({0, 0}), 1.0);
  EXPECT_EQ(d.train.X.at({0, 1}), 1.0);
  EXPECT_EQ(d.train.X.at({1, 0}), 0.0);
  EXPECT_EQ(d.train.X.at({1, 1}), 1.0);
  EXPECT_EQ(d.train.y.at({0}), 1.0);
  EXPECT_EQ(d.train.y.at({1}), 0.0);
  EXPECT_EQ(d.train.s.at({0}), 0.0);
  EXPECT_EQ(d.train.s.at({1}), 1.0);
  EXPECT_EQ(d.validation.X.at({0, 0}), 1.0);
  EXPECT_EQ(d.validation.X.at({0, 1}), 0.0);
  EXPECT_EQ(d.validation.y.at({0}), 0.0);
  EXPECT_EQ(d.validation.s.at({0}), 1.0);
  EXPECT_EQ(d.test.class_group_counts(), (std::vector<std::vector<Index>>{{0, 0}, {1, 1}}));
  EXPECT_EQ(d.test.X.at({0, 1}), 0.0);
  EXPECT_EQ(d.test.X.at({1, 1}), 1.0);
}

TEST_F(Celeba, OtherLabelGroupAndGroupAsFeature) {
  write(kAttributes);
  const DatasetSplit d = load({.label = "Smiling", .sensitive = "Young", .sensitive_as_feature = true});
  EXPECT_EQ(d.train.feature_names, (std::vector<std::string>{"Attractive", "Male", "Young"}));
  EXPECT_EQ(d.train.class_names, (std::vector<std::string>{"not_Smiling", "Smiling"}));
  EXPECT_EQ(d.train.group_names, (std::vector<std::string>{"not_Young", "Young"}));
  EXPECT_EQ(d.train.y.at({1}), 0.0);
  EXPECT_EQ(d.test.s.at({0}), 0.0);
  EXPECT_EQ(d.test.X.at({0, 2}), 0.0);
  EXPECT_EQ(d.test.s.at({1}), 1.0);
  EXPECT_EQ(d.test.X.at({1, 2}), 1.0);
}

TEST_F(Celeba, PartitionOrderDoesNotMatter) {
  write(kAttributes, "000005.jpg 2\n000003.jpg 1\n000001.jpg 0\n000004.jpg 2\n000002.jpg 0\n");
  const DatasetSplit d = load();
  EXPECT_EQ(d.train.size(), 2);
  EXPECT_EQ(d.train.y.at({0}), 1.0);  // rows keep the order of the attribute file
  EXPECT_EQ(d.validation.size(), 1);
  EXPECT_EQ(d.test.size(), 2);
}

TEST_F(Celeba, MalformedAttributeFile) {
  EXPECT_EQ(error(""), "load_celeba(): " + attributes.path().string() +
                           ": empty file, expected the number of images on line 1");
  EXPECT_EQ(error("5 images\r\n"),
            "load_celeba(): " + attr_at(1) + ": expected the number of images, got '5 images'");
  EXPECT_EQ(error("5\r\n"), "load_celeba(): " + attributes.path().string() +
                                ": ends after line 1, expected the attribute names");
  EXPECT_EQ(error("1\nA A\n"), "load_celeba(): " + attr_at(2) + ": attribute 'A' named twice");
  EXPECT_EQ(error("1\nA B\nx.jpg 1\n"),
            "load_celeba(): " + attr_at(3) + ": 2 fields, expected an image id and 2 values");
  EXPECT_EQ(error("1\nA B\nx.jpg 1 0\n"),
            "load_celeba(): " + attr_at(3) + ": attribute 'B': expected 1 or -1, got '0'");
  EXPECT_EQ(error("2\nA B\nx.jpg 1 1\nx.jpg 1 1\n"),
            "load_celeba(): " + attr_at(4) + ": image 'x.jpg' already listed on line 3");
  EXPECT_EQ(error("1\nA B\nx.jpg 1 1\ny.jpg 1 1\n"),
            "load_celeba(): " + attr_at(4) + ": more rows than the 1 of line 1");
}

TEST_F(Celeba, TruncatedAttributeFile) {
  EXPECT_EQ(error("99999999999999\nA B\nx.jpg 1 1\n"),
            "load_celeba(): " + attributes.path().string() +
                ": truncated: line 1 announces 99999999999999 images, the file ends after 1 (line 3)");
  const std::string cut = kAttributes.substr(0, kAttributes.find("000004.jpg"));
  EXPECT_EQ(error(cut), "load_celeba(): " + attributes.path().string() +
                            ": truncated: line 1 announces 5 images, the file ends after 3 (line 5)");

  std::string text;
  for (int i = 0; i < 3000; ++i) text += std::to_string(100000 + i) + ".jpg  1 -1  1 -1\r\n";
  test_util::write_gzip(attributes.path(), "3000\r\nSmiling Attractive Male Young\r\n" + text);
  test_util::Bytes bytes = test_util::read_bytes(attributes.path());
  bytes.resize(bytes.size() - 20);
  test_util::write_plain(attributes.path(), bytes);
  const std::string message = error_message([&] { load(); });
  EXPECT_EQ(
      message.rfind("load_celeba(): " + attributes.path().string() + ": corrupt or truncated gzip stream", 0),
      0u)
      << message;
  EXPECT_NE(message.find(" after line "), std::string::npos) << message;
}

TEST_F(Celeba, MalformedPartitionFile) {
  EXPECT_EQ(error(kAttributes, "000001.jpg\n"),
            "load_celeba(): " + part_at(1) + ": 1 fields, expected an image id and a partition");
  EXPECT_EQ(error(kAttributes, "000001.jpg 3\n"),
            "load_celeba(): " + part_at(1) + ": expected partition 0, 1 or 2, got '3'");
  EXPECT_EQ(error(kAttributes, "000001.jpg 0\n000009.jpg 0\n"),
            "load_celeba(): " + part_at(2) + ": image '000009.jpg' is not in " + attributes.path().string());
  EXPECT_EQ(error(kAttributes, "000001.jpg 0\n000001.jpg 1\n"),
            "load_celeba(): " + part_at(2) + ": image '000001.jpg' listed twice");
  EXPECT_EQ(error(kAttributes, "000001.jpg 0\n000002.jpg 0\n000003.jpg 1\n000005.jpg 2\n"),
            "load_celeba(): " + partition.path().string() + ": no partition for image '000004.jpg' (" +
                attr_at(6) + ")");
  EXPECT_EQ(error_message([&] { load_celeba(attributes.path(), "/nonexistent/parity/p.txt"); }),
            "load_celeba(): cannot open /nonexistent/parity/p.txt");
}

TEST_F(Celeba, BadTask) {
  EXPECT_EQ(error(kAttributes, kPartition, {.label = "Bald"}),
            "load_celeba(): label 'Bald' is not an attribute of " + attributes.path().string() +
                " (Smiling, Attractive, Male, Young)");
  EXPECT_EQ(error(kAttributes, kPartition, {.label = "Male"}),
            "load_celeba(): label and sensitive attribute are both 'Male'");
}

TEST(CelebaReal, OfficialSplitAttractiveByMale) {
  PARITY_REQUIRE_DATA(attributes, "celeba_attrs/list_attr_celeba.txt.gz");
  PARITY_REQUIRE_DATA(partition, "celeba_attrs/list_eval_partition.txt.gz");
  const DatasetSplit d = load_celeba(attributes, partition);
  EXPECT_EQ(d.train.X.shape(), (Shape{162770, 38}));
  EXPECT_EQ(d.validation.X.shape(), (Shape{19867, 38}));
  EXPECT_EQ(d.test.X.shape(), (Shape{19962, 38}));
  EXPECT_EQ(d.train.feature_names.front(), "5_o_Clock_Shadow");
  EXPECT_EQ(d.train.feature_names.back(), "Young");
  // [y][s]: rows per (Attractive, Male) cell.
  EXPECT_EQ(d.train.class_group_counts(), (std::vector<std::vector<Index>>{{29920, 49247}, {64589, 19014}}));
  EXPECT_EQ(d.validation.class_group_counts(), (std::vector<std::vector<Index>>{{3728, 5807}, {7681, 2651}}));
  EXPECT_EQ(d.test.class_group_counts(), (std::vector<std::vector<Index>>{{4263, 5801}, {7984, 1914}}));
}

}  // namespace
}  // namespace parity::data
