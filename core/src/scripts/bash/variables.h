#pragma once
// The shell's variables in two layers: the ones a run starts with (its base environment and bash's
// defaults), shared by every run and every subshell that starts from them and never changed, under
// the run's own (set, changed or unset since). A run used to copy its sixty-odd starting variables,
// and every subshell and `$( )` copied them again; now both copy only what the script changed.

#include <cstddef>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ghaplay::scripts::bash {

// V is the shell's Variable (state.h).
template <class V>
class LayeredVariables {
 public:
  using Base = std::map<std::string, V>;

  LayeredVariables() = default;
  explicit LayeredVariables(std::shared_ptr<const Base> base) : base_(std::move(base)) {}

  // The variable, or null when it is not set or declared.
  const V* find(const std::string& name) const {
    if (auto own = own_.find(name); own != own_.end()) return own->second ? &*own->second : nullptr;
    if (base_)
      if (auto found = base_->find(name); found != base_->end()) return &found->second;
    return nullptr;
  }
  // The same, to change it: a base variable is copied into the run's own layer first.
  V* find_mutable(const std::string& name) {
    if (auto own = own_.find(name); own != own_.end()) return own->second ? &*own->second : nullptr;
    if (base_)
      if (auto found = base_->find(name); found != base_->end()) return &*(own_[name] = found->second);
    return nullptr;
  }
  // The variable, added with V's defaults when absent (as std::map's operator[]).
  V& operator[](const std::string& name) {
    if (V* found = find_mutable(name)) return *found;
    return *(own_[name] = V());
  }
  bool contains(const std::string& name) const { return find(name) != nullptr; }
  void erase(const std::string& name) {
    if (base_ && base_->count(name)) own_[name] = std::nullopt;  // hides the base's
    else own_.erase(name);
  }
  // Removes every variable `remove(name, variable)` chooses.
  template <class Predicate>
  void erase_if(Predicate remove) {
    std::vector<std::string> names;
    for (const auto& [name, variable] : *this)
      if (remove(name, variable)) names.push_back(name);
    for (const auto& name : names) erase(name);
  }

  // The variables in name order, as (name, variable) pairs.
  class const_iterator {
   public:
    using value_type = std::pair<const std::string&, const V&>;
    using difference_type = std::ptrdiff_t;
    using iterator_category = std::forward_iterator_tag;

    value_type operator*() const {
      if (from_own_) return {own_->first, *own_->second};
      return {base_->first, base_->second};
    }
    const_iterator& operator++() {
      if (from_own_) {
        ++own_;
      } else {
        ++base_;
      }
      settle();
      return *this;
    }
    bool operator==(const const_iterator& other) const { return own_ == other.own_ && base_ == other.base_; }
    bool operator!=(const const_iterator& other) const { return !(*this == other); }

   private:
    friend class LayeredVariables;
    using OwnIterator = typename std::map<std::string, std::optional<V>>::const_iterator;
    using BaseIterator = typename Base::const_iterator;
    const_iterator(OwnIterator own, OwnIterator own_end, BaseIterator base, BaseIterator base_end)
        : own_(own), own_end_(own_end), base_(base), base_end_(base_end) {
      settle();
    }
    // Moves to the next variable to show: the smaller name of the two layers, the own layer's when
    // both have it (the base's is skipped), unset ones skipped.
    void settle() {
      while (true) {
        bool own_left = own_ != own_end_;
        bool base_left = base_ != base_end_;
        if (!own_left && !base_left) return;
        if (own_left && base_left && own_->first == base_->first) ++base_;  // shadowed
        if (own_left && (base_ == base_end_ || own_->first < base_->first)) {
          if (own_->second) {
            from_own_ = true;
            return;
          }
          ++own_;  // unset
          continue;
        }
        from_own_ = false;
        return;
      }
    }
    OwnIterator own_, own_end_;
    BaseIterator base_, base_end_;
    bool from_own_ = false;
  };

  const_iterator begin() const {
    return const_iterator(own_.begin(), own_.end(), base_ ? base_->begin() : empty_base().end(),
                          base_ ? base_->end() : empty_base().end());
  }
  const_iterator end() const {
    auto base_end = base_ ? base_->end() : empty_base().end();
    return const_iterator(own_.end(), own_.end(), base_end, base_end);
  }

  // What the run itself holds (not the shared base): the variables it set or changed.
  const std::map<std::string, std::optional<V>>& own() const { return own_; }

 private:
  static const Base& empty_base() {
    static const Base empty;
    return empty;
  }

  std::shared_ptr<const Base> base_;
  std::map<std::string, std::optional<V>> own_;  // nullopt: unset (hides the base's)
};

}  // namespace ghaplay::scripts::bash
