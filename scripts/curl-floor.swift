// The Swift floor for `make bench`: curl-floor.c's poll loop, line for line, in a Swift program that loads
// Foundation as crmbench does. Its peak RSS minus the C program's is what the Swift runtime and Foundation cost
// before any of crmbench's own code; crmbench's figure is compared against both.
import CCurl
import Foundation

func now() -> Double { ProcessInfo.processInfo.systemUptime }

let arguments = CommandLine.arguments
guard arguments.count >= 4, let n = Int(arguments[2]), let seconds = Double(arguments[3]) else {
    FileHandle.standardError.write("usage: \(arguments[0]) URL CONNECTIONS SECONDS\n".data(using: .utf8)!)
    exit(64)
}
let url = arguments[1]
let discard: ccurl_data_callback = { _, size, count, _ in size * count }
curl_global_init(Int(CURL_GLOBAL_DEFAULT))
let multi = curl_multi_init()!
_ = ccurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, n)
var easy: [UnsafeMutableRawPointer] = []
for _ in 0..<n {
    let handle = curl_easy_init()!
    _ = ccurl_easy_setopt_string(handle, CURLOPT_URL, url)
    _ = ccurl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
    _ = ccurl_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, discard)
    _ = ccurl_easy_setopt_long(handle, CURLOPT_BUFFERSIZE, 1_024)
    _ = ccurl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, 30_000)
    _ = ccurl_easy_setopt_string(handle, CURLOPT_PROXY, "")
    curl_multi_add_handle(multi, handle)
    easy.append(handle)
}
var done = 0, errors = 0
let end = now() + seconds
var running: Int32 = 1
while running != 0 {
    curl_multi_perform(multi, &running)
    var left: Int32 = 0
    while let message = curl_multi_info_read(multi, &left) {
        guard ccurl_msg_is_done(message) != 0, let handle = ccurl_msg_easy(message) else { continue }
        if ccurl_msg_result(message) != CURLE_OK { errors += 1 } else { done += 1 }
        curl_multi_remove_handle(multi, handle)
        if now() < end { curl_multi_add_handle(multi, handle); running = 1 }
    }
    if now() > end + 30 { break }
    curl_multi_poll(multi, nil, 0, 100, nil)
}
print("\(done) requests, \(errors) errors")
