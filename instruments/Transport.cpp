#include "instruments/Transport.h"

#include "instruments/ResourceString.h"
#include "instruments/SerialTransport.h"
#include "instruments/TcpTransport.h"

namespace optiqual::instruments {

std::unique_ptr<Transport> makeTransport(const boost::asio::any_io_executor& executor, const ResourceString& resource) {
    if (resource.kind == ResourceString::Kind::Serial)
        return std::make_unique<SerialTransport>(executor, resource.text, resource.device, resource.serial);
    return std::make_unique<TcpTransport>(executor, resource.text, resource.host, resource.port);
}

} // namespace optiqual::instruments
