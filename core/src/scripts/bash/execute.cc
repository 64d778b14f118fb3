// Control flow: lists, && ||, pipelines, if, loops, case, subshells, errexit and the step budget.
#include <utility>

#include "scripts/bash/interpreter.h"
#include "scripts/bash/pattern.h"

namespace ghaplay::scripts::bash {

Flow Interpreter::in_subshell(const std::function<Flow()>& body) {
  ShellState saved = state_;
  auto saved_names = function_names_;
  int saved_loops = loop_depth_;
  int saved_functions = function_depth_;
  ++state_.subshell;
  Flow flow = body();
  if (unwind_ == Unwind::Exit || unwind_ == Unwind::Abort) {
    status_ = exit_status_;
    unwind_ = Unwind::None;
  } else if (flow == Flow::Return) {
    status_ = return_status_;
  }
  state_ = std::move(saved);
  function_names_ = std::move(saved_names);
  loop_depth_ = saved_loops;
  function_depth_ = saved_functions;
  flow_levels_ = 0;
  return unwind_ == Unwind::Stop ? Flow::Unwind : Flow::Normal;
}

bool Interpreter::tick(std::size_t offset) {
  if (unwind_ == Unwind::Stop) return false;
  if (++steps_ > input_.step_budget) {
    stop(ScriptNotice::Kind::BudgetExhausted,
         "stopped after " + std::to_string(input_.step_budget) +
             " commands: the step budget is exhausted (an endless loop?)",
         offset);
    return false;
  }
  return true;
}

void Interpreter::stop(ScriptNotice::Kind kind, std::string message, std::size_t offset) {
  if (unwind_ == Unwind::Stop) return;
  unwind_ = Unwind::Stop;
  exit_status_ = 1;
  ScriptNotice notice;
  notice.kind = kind;
  notice.message = std::move(message);
  notice.line = source_.line_of(offset);
  notice.column = source_.column_of(offset);
  notices_.push_back(std::move(notice));
}

Flow Interpreter::check_errexit(std::size_t offset) {
  if (unwind_ != Unwind::None) return Flow::Unwind;
  if (status_ != 0 && errexit_ignored_ == 0 && !in_err_trap_) {
    // trap '...' ERR runs where errexit would stop the script, before it stops.
    auto trap = state_.traps.find("ERR");
    if (trap != state_.traps.end() && !trap->second.empty() && current_io_) {
      int status = status_;
      in_err_trap_ = true;
      Call call;
      call.args = {"trap"};
      call.io = current_io_;
      call.offset = offset;
      std::string action = trap->second;
      run_parsed(action, call, offset);
      in_err_trap_ = false;
      if (unwind_ != Unwind::None) return Flow::Unwind;
      status_ = status;
    }
  }
  if (status_ != 0 && state_.options.errexit && errexit_ignored_ == 0) {
    unwind_ = Unwind::Exit;
    exit_status_ = status_;
    return Flow::Unwind;
  }
  return Flow::Normal;
}

Flow Interpreter::exec(const Node& node, Io& io) {
  if (unwind_ != Unwind::None) return Flow::Unwind;
  if (node.kind != NodeKind::Simple && node.kind != NodeKind::Function && !node.redirects.empty()) {
    Io local = io;
    Io* saved = current_io_;
    current_io_ = &local;
    bool ok = apply_redirects(node.redirects, local);
    current_io_ = saved;
    if (unwind_ != Unwind::None) return Flow::Unwind;
    if (!ok) {
      status_ = 1;
      return check_errexit(node.offset);
    }
    return exec_node(node, local);
  }
  return exec_node(node, io);
}

Flow Interpreter::exec_node(const Node& node, Io& io) {
  switch (node.kind) {
    case NodeKind::Simple:
      return exec_simple(static_cast<const SimpleCommand&>(node), io);
    case NodeKind::Pipeline:
      return exec_pipeline(static_cast<const Pipeline&>(node), io);
    case NodeKind::AndOr:
      return exec_and_or(static_cast<const AndOr&>(node), io);
    case NodeKind::List:
      return exec_list(static_cast<const List&>(node), io);
    case NodeKind::Subshell: {
      const auto& sub = static_cast<const Subshell&>(node);
      if (!tick(node.offset)) return Flow::Unwind;
      Flow flow = in_subshell([&] {
        if (!sub.body) {
          status_ = 0;
          return Flow::Normal;
        }
        return exec(*sub.body, io);
      });
      if (flow == Flow::Unwind) return flow;
      return check_errexit(node.offset);
    }
    case NodeKind::Group:
      return exec(*static_cast<const Group&>(node).body, io);
    case NodeKind::If:
      return exec_if(static_cast<const If&>(node), io);
    case NodeKind::For:
      return exec_for(static_cast<const For&>(node), io);
    case NodeKind::ArithFor:
      return exec_arith_for(static_cast<const ArithFor&>(node), io);
    case NodeKind::While:
      return exec_while(static_cast<const While&>(node), io);
    case NodeKind::Case:
      return exec_case(static_cast<const Case&>(node), io);
    case NodeKind::Function: {
      const auto& fn = static_cast<const Function&>(node);
      if (!tick(node.offset)) return Flow::Unwind;
      state_.functions[fn.name] = &fn;
      status_ = 0;
      return Flow::Normal;
    }
    case NodeKind::Cond:
      return exec_cond(static_cast<const Cond&>(node), io);
    case NodeKind::Arith:
      return exec_arith_command(static_cast<const ArithCommand&>(node), io);
  }
  return Flow::Normal;
}

Flow Interpreter::exec_list(const List& list, Io& io) {
  for (const NodePtr& item : list.items) {
    Flow flow = exec(*item, io);
    if (flow != Flow::Normal) return flow;
  }
  return Flow::Normal;
}

Flow Interpreter::exec_and_or(const AndOr& node, Io& io) {
  for (std::size_t i = 0; i < node.pipelines.size(); ++i) {
    if (i > 0) {
      bool is_and = node.is_and[i - 1];
      if (is_and && status_ != 0) continue;
      if (!is_and && status_ == 0) continue;
    }
    bool last = i + 1 == node.pipelines.size();
    if (!last) ++errexit_ignored_;
    Flow flow = exec(*node.pipelines[i], io);
    if (!last) --errexit_ignored_;
    if (flow != Flow::Normal) return flow;
  }
  return Flow::Normal;
}

Flow Interpreter::exec_condition(const Node& node, Io& io) {
  ++errexit_ignored_;
  Flow flow = exec(node, io);
  --errexit_ignored_;
  return flow;
}

Flow Interpreter::exec_pipeline(const Pipeline& node, Io& io) {
  if (node.commands.size() == 1) {
    Flow flow = node.negate ? exec_condition(*node.commands[0], io) : exec(*node.commands[0], io);
    if (node.negate && flow == Flow::Normal) status_ = status_ == 0 ? 1 : 0;
    return flow;
  }
  std::shared_ptr<Input> input = io.in;
  std::vector<int> statuses;
  for (std::size_t i = 0; i < node.commands.size(); ++i) {
    bool last = i + 1 == node.commands.size();
    Io pio = io;
    pio.in = input;
    auto capture = std::make_shared<Capture>();
    if (!last) {
      Sink pipe;
      pipe.kind = Sink::Kind::Capture;
      pipe.capture = capture;
      pio.fds[1] = pipe;
      if (i < node.pipe_stderr.size() && node.pipe_stderr[i]) pio.fds[2] = pipe;
    }
    if (node.negate) ++errexit_ignored_;
    Flow flow = in_subshell([&] { return exec(*node.commands[i], pio); });
    if (node.negate) --errexit_ignored_;
    if (flow == Flow::Unwind) return flow;
    statuses.push_back(status_);
    if (!last) {
      input = std::make_shared<Input>();
      input->data = std::move(capture->text);
      input->taint = std::move(capture->taint);
    }
  }
  int status = statuses.back();
  if (state_.options.pipefail) {
    for (int s : statuses) {
      if (s != 0) status = s;
    }
  }
  Variable pipestatus;
  pipestatus.type = Variable::Type::Indexed;
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    pipestatus.indexed[static_cast<long long>(i)] = std::to_string(statuses[i]);
  }
  state_.vars["PIPESTATUS"] = std::move(pipestatus);
  if (node.negate) {
    status_ = status == 0 ? 1 : 0;
    return Flow::Normal;
  }
  status_ = status;
  return check_errexit(node.offset);
}

Flow Interpreter::exec_if(const If& node, Io& io) {
  for (std::size_t i = 0; i < node.conditions.size(); ++i) {
    Flow flow = exec_condition(*node.conditions[i], io);
    if (flow != Flow::Normal) return flow;
    if (status_ == 0) return exec(*node.bodies[i], io);
  }
  if (node.else_body) return exec(*node.else_body, io);
  status_ = 0;
  return Flow::Normal;
}

Flow Interpreter::loop_flow(Flow flow, bool& stop) {
  stop = false;
  switch (flow) {
    case Flow::Break:
      stop = true;
      return --flow_levels_ > 0 ? Flow::Break : Flow::Normal;
    case Flow::Continue:
      if (--flow_levels_ > 0) {
        stop = true;
        return Flow::Continue;
      }
      return Flow::Normal;
    case Flow::Return:
    case Flow::Unwind:
      stop = true;
      return flow;
    case Flow::Normal:
      return Flow::Normal;
  }
  return flow;
}

Flow Interpreter::exec_while(const While& node, Io& io) {
  ++loop_depth_;
  int status = 0;
  Flow result = Flow::Normal;
  while (true) {
    if (!tick(node.offset)) {
      result = Flow::Unwind;
      break;
    }
    Flow flow = exec_condition(*node.condition, io);
    bool stop = false;
    if (flow != Flow::Normal) {
      result = loop_flow(flow, stop);
      if (stop) break;
      continue;
    }
    bool run = node.until ? status_ != 0 : status_ == 0;
    if (!run) break;
    flow = exec(*node.body, io);
    status = status_;
    result = loop_flow(flow, stop);
    if (stop) break;
  }
  --loop_depth_;
  if (result == Flow::Normal) status_ = status;
  return result;
}

Flow Interpreter::exec_for(const For& node, Io& io) {
  if (!tick(node.offset)) return Flow::Unwind;
  std::vector<std::string> values;
  Taint taint;
  current_offset_ = node.offset;
  if (node.has_in) {
    if (!expand_words(node.words, values, taint)) return Flow::Unwind;
  } else {
    values = state_.positional;
  }
  ++loop_depth_;
  int status = 0;
  Flow result = Flow::Normal;
  for (const std::string& value : values) {
    if (!tick(node.offset)) {
      result = Flow::Unwind;
      break;
    }
    if (!set_var(node.variable, value, taint, &io)) {
      status = 1;
      break;
    }
    Flow flow = exec(*node.body, io);
    status = status_;
    bool stop = false;
    result = loop_flow(flow, stop);
    if (stop) break;
  }
  --loop_depth_;
  if (result == Flow::Normal) status_ = status;
  return result;
}

Flow Interpreter::exec_arith_for(const ArithFor& node, Io& io) {
  Taint taint;
  long long value = 0;
  if (!node.init.parts.empty() && !expand_arith(node.init, value, taint, node.offset, "((")) {
    return Flow::Unwind;
  }
  ++loop_depth_;
  int status = 0;
  Flow result = Flow::Normal;
  while (true) {
    if (!tick(node.offset)) {
      result = Flow::Unwind;
      break;
    }
    if (!node.condition.parts.empty()) {
      if (!expand_arith(node.condition, value, taint, node.offset, "((")) {
        result = Flow::Unwind;
        break;
      }
      if (value == 0) break;
    }
    Flow flow = exec(*node.body, io);
    status = status_;
    bool stop = false;
    result = loop_flow(flow, stop);
    if (stop) break;
    if (!node.step.parts.empty() && !expand_arith(node.step, value, taint, node.offset, "((")) {
      result = Flow::Unwind;
      break;
    }
  }
  --loop_depth_;
  if (result == Flow::Normal) status_ = status;
  return result;
}

Flow Interpreter::exec_case(const Case& node, Io& io) {
  if (!tick(node.offset)) return Flow::Unwind;
  current_offset_ = node.offset;
  Io* saved = current_io_;
  current_io_ = &io;
  std::string subject;
  Taint taint;
  bool ok = expand_string(node.subject, subject, taint);
  current_io_ = saved;
  if (!ok) return Flow::Unwind;
  status_ = 0;
  bool falling = false;
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    const CaseItem& item = node.items[i];
    bool matched = falling;
    for (std::size_t k = 0; !matched && k < item.patterns.size(); ++k) {
      std::string pattern;
      if (!expand_pattern(item.patterns[k], pattern, taint)) return Flow::Unwind;
      matched = glob_match(pattern, subject);
    }
    if (!matched) continue;
    falling = false;
    if (item.body) {
      Flow flow = exec(*item.body, io);
      if (flow != Flow::Normal) return flow;
    } else {
      status_ = 0;
    }
    if (item.end == CaseItem::End::Break) break;
    if (item.end == CaseItem::End::FallThrough) falling = true;
  }
  return Flow::Normal;
}

Flow Interpreter::exec_arith_command(const ArithCommand& node, Io& io) {
  if (!tick(node.offset)) return Flow::Unwind;
  current_offset_ = node.offset;
  Io* saved = current_io_;
  current_io_ = &io;
  long long value = 0;
  Taint taint;
  bool ok = expand_arith(node.expression, value, taint, node.offset, "((");
  current_io_ = saved;
  if (!ok) return Flow::Unwind;
  if (state_.options.xtrace) {
    write(io, 2, std::string(static_cast<std::size_t>(trace_level_), '+') + " (( " +
                     node.expression.raw + " ))\n", {});
  }
  status_ = value != 0 ? 0 : 1;
  return check_errexit(node.offset);
}

void Interpreter::run_exit_trap(Io& io) {
  auto it = state_.traps.find("EXIT");
  if (it == state_.traps.end() || it->second.empty()) return;
  std::string action = it->second;
  state_.traps.erase(it);
  Unwind saved = unwind_;
  if (unwind_ != Unwind::Stop) unwind_ = Unwind::None;
  int status = status_;
  Call call;
  call.args = {"exit trap"};  // bash's name for it in messages
  call.io = &io;
  call.offset = current_offset_;
  run_parsed(action, call, current_offset_);
  if (unwind_ == Unwind::Stop) return;
  if (unwind_ == Unwind::Exit) {
    status = exit_status_;
  } else {
    unwind_ = saved;
    if (parse_failed_) status = 2;
  }
  status_ = status;
}

}  // namespace ghaplay::scripts::bash
