#include "helper_session.h"

#include <utility>

#include "json_writer.h"
#include "test_double_commands.h"

namespace whereami::helper {

void LineWriter::Write(const std::string& line) {
  std::lock_guard<std::mutex> lock(m_mutex);
  std::fwrite(line.data(), 1, line.size(), m_out);
  std::fputc('\n', m_out);
  // The parent reads line by line: an answer sitting in a buffer is a hang.
  std::fflush(m_out);
}

HelperSession::HelperSession(std::unique_ptr<Provider> provider, std::shared_ptr<LineWriter> writer)
    : m_provider(std::move(provider)), m_writer(std::move(writer)) {}

HelperSession::~HelperSession() {
  Shutdown();
}

void HelperSession::SayHello() {
  m_writer->Write(HelloLine(kProtocolVersion, PlatformProviderName(), GetMainBundleInfo()));
}

void HelperSession::Shutdown() {
  if (m_provider) m_provider->Shutdown();
}

void HelperSession::HandleLine(const std::string& line) {
  if (line.empty()) return;
  Request request;
  std::string problem;
  if (!ReadRequest(line, &request, &problem)) {
    m_writer->Write(
        ErrorLine(request.id, Error{"BACKEND_FAILURE", "whereami-helper got a bad request: " + problem, "", 0}));
    return;
  }
#ifdef WHEREAMI_TEST_DOUBLE
  if (request.method == "testDouble") {
    std::string result;
    if (RunTestDoubleCommand(line, &result, &problem))
      m_writer->Write(ResultLine(request.id, result));
    else
      m_writer->Write(ErrorLine(request.id, Error{"BACKEND_FAILURE", problem, "", 0}));
    return;
  }
#endif
  Dispatch(request);
}

void HelperSession::Dispatch(const Request& request) {
  const RequestId id = request.id;
  std::shared_ptr<LineWriter> writer = m_writer;
  auto write_error = [writer, id](const Error& error) { writer->Write(ErrorLine(id, error)); };
  auto write_status = [writer, id](AuthorizationStatus status) {
    writer->Write(ResultLine(id, QuoteJson(ToString(status))));
  };
  auto write_places = [writer, id](const std::vector<Place>& places, const Error* error) {
    writer->Write(error ? ErrorLine(id, *error) : ResultLine(id, PlacesJson(places)));
  };
  const std::string& method = request.method;

  if (method == "requestLocation") {
    RequestCallbacks callbacks;
    callbacks.on_fix = [writer, id](const Fix& fix) { writer->Write(ResultLine(id, FixJson(fix))); };
    callbacks.on_error = write_error;
    callbacks.on_prompt = [writer, id](bool pending) { writer->Write(PromptEventLine(id, pending)); };
    m_provider->RequestLocation(id, RequestOptions{request.accuracy, request.maximum_age, request.reduced},
                                std::move(callbacks));
  } else if (method == "cancel") {
    m_provider->Cancel(request.target);
  } else if (method == "startWatch") {
    WatchCallbacks callbacks;
    callbacks.on_fix = [writer, id](const Fix& fix) { writer->Write(FixEventLine(id, fix)); };
    callbacks.on_error = write_error;
    callbacks.on_prompt = [writer, id](bool pending) { writer->Write(PromptEventLine(id, pending)); };
    m_provider->StartWatch(id, WatchOptions{request.accuracy, request.distance_filter, request.reduced},
                           std::move(callbacks));
  } else if (method == "stopWatch") {
    m_provider->StopWatch(request.target);
  } else if (method == "authorizationStatus") {
    m_provider->GetAuthorizationStatus(write_status);
  } else if (method == "requestAuthorization") {
    m_provider->RequestAuthorization(request.limit_ms, write_status);
  } else if (method == "locationServicesEnabled") {
    m_provider->GetServicesEnabled([writer, id](bool on) { writer->Write(ResultLine(id, on ? "true" : "false")); });
  } else if (method == "accuracyAuthorization") {
    m_provider->GetAccuracyAuthorization(
        [writer, id](AccuracyAuthorization value) { writer->Write(ResultLine(id, QuoteJson(ToString(value)))); });
  } else if (method == "reverseGeocode") {
    m_provider->ReverseGeocode(id, request.latitude, request.longitude, write_places);
  } else if (method == "forwardGeocode") {
    m_provider->ForwardGeocode(id, request.address, write_places);
  } else {
    write_error(Error{"BACKEND_FAILURE", "whereami-helper does not know the method " + method, "", 0});
  }
}

}  // namespace whereami::helper
