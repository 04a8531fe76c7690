#include "PageHelpers.h"

#include <QAccessible>
#include <QBoxLayout>
#include <QCoreApplication>
#include <QLabel>
#include <QScrollArea>

namespace PageHelpers {

QLabel *addErrorLabel(QWidget *parent, QBoxLayout *layout)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QStringLiteral("errorLabel"));
    label->setProperty("role", QStringLiteral("error"));
    label->setWordWrap(true);
    label->hide();
    layout->addWidget(label);
    return label;
}

void setScrollingContent(QWidget *page, QWidget *content, const QString &scrollAreaName)
{
    auto *scrollArea = new QScrollArea(page);
    scrollArea->setObjectName(scrollAreaName);
    scrollArea->setWidget(content);
    scrollArea->setWidgetResizable(true);
    scrollArea->setFrameShape(QFrame::NoFrame);
    scrollArea->setFocusPolicy(Qt::NoFocus);
    auto *pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->addWidget(scrollArea);
}

void showError(QLabel *label, const QString &message)
{
    label->setText(message);
    label->setVisible(!message.isEmpty());
    if (!message.isEmpty()) {
        QAccessibleEvent event(label, QAccessible::Alert);
        QAccessible::updateAccessibility(&event);
    }
}

QString normalizeCode(const QString &typed)
{
    QString code = typed;
    code.remove(QLatin1Char(' '));
    return code;
}

bool isValidCode(const QString &code)
{
    if (code.size() != 6)
        return false;
    for (const QChar c : code) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return true;
}

QString invalidCodeMessage()
{
    return QCoreApplication::translate("PageHelpers", "Le code doit comporter exactement 6 chiffres.");
}

QString durationText(int seconds)
{
    if (seconds >= 60 && seconds % 60 == 0) {
        const int minutes = seconds / 60;
        return minutes == 1 ? QCoreApplication::translate("PageHelpers", "1 minute")
                            : QCoreApplication::translate("PageHelpers", "%1 minutes").arg(minutes);
    }
    return seconds <= 1 ? QCoreApplication::translate("PageHelpers", "1 seconde")
                        : QCoreApplication::translate("PageHelpers", "%1 secondes").arg(seconds);
}

} // namespace PageHelpers
