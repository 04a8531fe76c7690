#pragma once

#include <QString>

#include <utility>
#include <variant>

/// An error as a value: a stable machine code and a message for the user (French).
struct Error
{
    QString code;
    QString message;
    /// An URL the caller should load to carry on (the identity provider's OAuth error redirect
    /// back to FranceConnect); empty for most errors.
    QString redirect = {};
};

/// Either a value or an Error (errors as values in the core, see STYLE.md §8).
template<typename T> class Result
{
public:
    Result(T value)
        : m_data(std::move(value))
    {
    }
    Result(Error error)
        : m_data(std::move(error))
    {
    }

    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }
    const T &value() const { return std::get<T>(m_data); }
    T &value() { return std::get<T>(m_data); }
    const Error &error() const { return std::get<Error>(m_data); }

private:
    std::variant<T, Error> m_data;
};

/// A Result without a value.
struct Unit
{
};
using Status = Result<Unit>;
inline Status success()
{
    return Unit {};
}
